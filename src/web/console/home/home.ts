import { Router } from "express";
import { ConsoleMeDocument } from "../../graphql/generated";
import type { ConsoleServices } from "../console-routes";
import { roleHomes } from "../role-homes";

/** `/console`: the signed-in person's pages, one per role they hold (a single role goes straight there). */
export function homeRoutes({ run }: ConsoleServices): Router {
  const router = Router();
  router.get("/", async (req, res) => {
    const { me } = await run(req, ConsoleMeDocument);
    const homes = roleHomes(me.roles ?? []);
    if (homes.length === 1 && req.query.all === undefined) return res.redirect(homes[0]!.href);
    res.render("console/home/home", { pageTitle: "Your work", me, homes });
  });
  return router;
}
