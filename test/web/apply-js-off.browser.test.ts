import { DESKTOP } from "../helpers/web";
import { applyJourneys } from "./apply-journeys";

/** The application journeys with JavaScript off, on a desktop (1280 px); screenshots of the key pages. */
jest.setTimeout(240_000);
applyJourneys({ js: false, width: DESKTOP }, true);
