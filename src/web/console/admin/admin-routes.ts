import { Router } from "express";
import type { ConsoleServices } from "../console-routes";
import { adminHomeRoutes } from "./home/admin-home";
import { staffRoutes } from "./staff/staff";
import { partnershipRoutes } from "./partnerships/partnerships";
import { agencyRoutes } from "./agencies/agencies";
import { letterAndPolicyRoutes } from "./letters/letters";

/**
 * The administration of "Going live" (ACCESS.md "Administration"): partnerships, agencies and whom
 * they serve, staff and roles (/console/admin), and a CSP officer's policy and letter templates of
 * their partnerships (/console/letters-and-policy). Each section has its page rule (onlyFor); the
 * API decides every row and every change. No page here links to case data.
 */
export function adminRoutes(services: ConsoleServices): Router {
  const router = Router();
  router.use("/admin", adminHomeRoutes(services));
  router.use("/admin/staff", staffRoutes(services));
  router.use("/admin/partnerships", partnershipRoutes(services));
  router.use("/admin/agencies", agencyRoutes(services));
  router.use("/letters-and-policy", letterAndPolicyRoutes(services));
  return router;
}
