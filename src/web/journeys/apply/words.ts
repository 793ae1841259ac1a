/** The API's enumerations in the words the pages use. */
export const RELATIONSHIPS = [
  { value: "FAMILY_MEMBER", text: "Family member" },
  { value: "FRIEND", text: "Friend or neighbour" },
  { value: "CARER", text: "Carer" },
  { value: "COUNCILLOR", text: "Councillor" },
  { value: "MEMBER_OF_PARLIAMENT", text: "Member of Parliament" },
  { value: "PROFESSIONAL", text: "Professional, such as a support worker or housing officer" },
] as const;

export const VICTIM_KINDS = [
  { value: "INDIVIDUAL", text: "A person" },
  { value: "BUSINESS", text: "A business" },
  { value: "COMMUNITY_GROUP", text: "A community group" },
] as const;

export const CONTACT_PREFERENCES = [
  { value: "EMAIL", text: "Email" },
  { value: "PHONE", text: "Phone" },
  { value: "POST", text: "Post" },
] as const;

export const CATEGORIES = [
  { value: "HARASSMENT_OR_INTIMIDATION", text: "Harassment or intimidation" },
  { value: "THREATENING_BEHAVIOUR", text: "Threatening behaviour" },
  { value: "VERBAL_ABUSE", text: "Verbal abuse" },
  { value: "VANDALISM", text: "Vandalism or damage to property" },
  { value: "ALCOHOL_IN_PUBLIC_SPACE", text: "Drinking or drunken behaviour in public" },
  { value: "OTHER", text: "Something else" },
] as const;

export const textOf = (list: ReadonlyArray<{ value: string; text: string }>, value: string | null | undefined) =>
  list.find(x => x.value === value)?.text ?? "";
