import { PHONE } from "../helpers/web";
import { applyJourneys } from "./apply-journeys";

/** The application journeys with JavaScript on, on a phone (375 px); screenshots of the key pages. */
jest.setTimeout(240_000);
applyJourneys({ js: true, width: PHONE }, true);
