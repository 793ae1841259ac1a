import { DESKTOP } from "../helpers/web";
import { progressJourneys } from "./progress-journeys";

/** Check progress with JavaScript off, on a desktop (1280 px). */
jest.setTimeout(180_000);
progressJourneys({ js: false, width: DESKTOP }, true);
