import { IncidentCategory } from "./incident.entity";

/** How each category reads in a sentence: in letters, questions to agencies and the timeline. */
export const CATEGORY_WORDS: Record<IncidentCategory, string> = {
  [IncidentCategory.VANDALISM]: "vandalism",
  [IncidentCategory.HARASSMENT_OR_INTIMIDATION]: "harassment or intimidation",
  [IncidentCategory.THREATENING_BEHAVIOUR]: "threatening behaviour",
  [IncidentCategory.VERBAL_ABUSE]: "verbal abuse",
  [IncidentCategory.ALCOHOL_IN_PUBLIC_SPACE]: "drinking alcohol in a public space",
  [IncidentCategory.OTHER]: "anti-social behaviour",
};

/** "Kent Police, Maidstone Borough Council and Golding Homes". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
