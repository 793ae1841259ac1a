import { Router } from "express";
import type { ConsoleServices } from "../../console-routes";
import { adminCaller, onlyFor } from "../admin-forms";

/** /console/admin: the sections an administrator may use. */
export function adminHomeRoutes(_services: ConsoleServices): Router {
  const router = Router();
  router.get("/", onlyFor("SYSTEM_ADMIN", "AGENCY_ADMIN"), (_req, res) => {
    const caller = adminCaller(res);
    const systemAdmin = caller.roles.includes("SYSTEM_ADMIN");
    const sections = [
      ...(systemAdmin
        ? [
            { href: "/console/admin/partnerships", text: "Partnerships", description: "The Community Safety Partnerships on the platform: names, areas, contact details shown to applicants" },
            { href: "/console/admin/agencies", text: "Agencies", description: "The agencies and which partnerships each serves" },
          ]
        : []),
      {
        href: "/console/admin/staff",
        text: systemAdmin ? "Staff" : `Staff of ${caller.agencyName}`,
        description: systemAdmin ? "Every account: add an agency's first administrator, deactivate and reactivate" : "Add your agency's staff, give and take their roles, deactivate them",
      },
    ];
    res.render("console/admin/home/admin-home", { pageTitle: "Administration", sections });
  });
  return router;
}
