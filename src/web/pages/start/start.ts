import { Router } from "express";
import type { PageServices } from "../../install-web";
import { FrontDoorPartnershipsDocument, type FrontDoorPartnershipsQuery } from "../../graphql/generated";
import { thresholdInWords } from "./threshold-words";

type Partnership = FrontDoorPartnershipsQuery["applicationPartnerships"][number];

/** A partnership's code as it appears in addresses: KENT-MAIDSTONE <-> /apply/kent-maidstone. */
export const codeInPath = (code: string) => code.toLowerCase();

/** `/`: choose the area; `/apply/:code`: the start page of that partnership. */
export function startRoutes({ run }: PageServices): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    const { applicationPartnerships } = await run(req, FrontDoorPartnershipsDocument);
    res.render("pages/start/choose-area", {
      pageTitle: "Where the anti-social behaviour is happening",
      partnerships: applicationPartnerships.map(p => ({ ...p, path: `/apply/${codeInPath(p.code)}` })),
    });
  });
  router.get("/apply/:code", async (req, res, next) => {
    const { applicationPartnerships } = await run(req, FrontDoorPartnershipsDocument);
    const p: Partnership | undefined = applicationPartnerships.find(x => codeInPath(x.code) === req.params.code);
    if (!p) return next();
    res.render("pages/start/start", {
      pageTitle: `Apply for an anti-social behaviour case review: ${p.name}`,
      serviceUrl: `/apply/${codeInPath(p.code)}`,
      partnership: p,
      threshold: thresholdInWords(p.policy),
      startHref: `/apply/${codeInPath(p.code)}/who-is-applying`,
    });
  });
  return router;
}
