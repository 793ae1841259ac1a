import { LetterKind } from "../letter.entity";

/**
 * The wording every partnership starts with (version 0 of each template), until a CSP officer
 * saves its own. The placeholders are those of letter-placeholders.ts.
 */
export interface TemplateText {
  subject: string;
  body: string;
}

const SUBJECT = "Your anti-social behaviour case review: reference {{ reference }}";

/** The end every letter shares: where to turn in danger, that reporting goes on, and who signs. */
const closing = (keepReporting = "Please keep reporting anti-social behaviour") => [
  `If you are in danger, call 999. ${keepReporting}: to the police on 101 or online, and to your council or landlord.`,
  "",
  "Yours sincerely,",
  "{{ partnershipName }}",
];

const lines = (...ls: string[]) => ls.join("\n");

export const DEFAULT_TEMPLATES: Record<LetterKind, TemplateText> = {
  // We have your application, this is what happens next, and when.
  [LetterKind.ACKNOWLEDGEMENT]: {
    subject: SUBJECT,
    body: lines(
      "Dear {{ applicantName }},",
      "",
      "Your anti-social behaviour case review: reference {{ reference }}",
      "",
      "Thank you for applying for an anti-social behaviour case review. We received your application on {{ receivedOn }}." +
        "{% if representativeName %} {{ representativeName }} made the application on your behalf, with your consent.{% endif %} " +
        "We are sorry you have had to put up with anti-social behaviour.",
      "",
      "What happens next",
      "- We have asked {{ agencyNames }} to check their records of " +
        "{% if incidentCount == 1 %}the incident{% else %}the {{ incidentCount }} incidents{% endif %} you told us about.",
      "- We will tell you by {{ thresholdDecisionDue }} whether your application meets the threshold for a case review. " +
        "The threshold is {% if requiredQualifyingComplaints == 1 %}one complaint{% else %}{{ requiredQualifyingComplaints }} complaints{% endif %} " +
        "about anti-social behaviour made in the six months before you applied, each within one month of the behaviour.",
      "- If it does, the agencies will look at how they dealt with your complaints at a panel meeting, and we will write to you with what the panel found and any recommendations.",
      "- If it does not, we will tell you why and what action will be taken.",
      "",
      "Please quote {{ reference }} whenever you contact us. You can check the progress of your application online with this reference " +
        "and the access code you were given when you applied. Keep the access code safe: we cannot show it to you again.",
      "",
      "If you are in danger, call 999. You can keep reporting anti-social behaviour to the police on 101 or online, and to your council or landlord.",
      "",
      "Yours sincerely,",
      "{{ partnershipName }}",
    ),
  },

  // Your application meets the threshold; a panel will review the case.
  [LetterKind.THRESHOLD_MET]: {
    subject: SUBJECT,
    body: lines(
      "Dear {{ applicantName }},",
      "",
      "Your anti-social behaviour case review: reference {{ reference }}",
      "",
      "We have looked at your application with the agencies you reported to, and it meets the threshold for a case review: {{ why }}.",
      "",
      "What happens next",
      "- Each agency will share what it knows about your case and the action it has taken.",
      "- A panel of the agencies will meet to review how your complaints were dealt with. We aim to hold it by {{ panelDue }}.",
      "- The panel may make recommendations to the agencies about what they should do next.",
      "- We will write to you with what the panel found and any recommendations within {{ outcomeLetterWorkingDays }} working days of the meeting. " +
        "If it will take longer, we will let you know.",
      "",
      "Please quote {{ reference }} whenever you contact us. You can check progress online with your reference and access code.",
      "",
      ...closing("Please keep reporting anti-social behaviour while the review goes on"),
    ),
  },

  // Why, what action will be taken, that ASB can still be reported, and the right to a secondary review (DOMAIN.md).
  [LetterKind.THRESHOLD_NOT_MET]: {
    subject: SUBJECT,
    body: lines(
      "Dear {{ applicantName }},",
      "",
      "Your anti-social behaviour case review: reference {{ reference }}",
      "",
      "We have looked at your application with the agencies you reported to. We have decided that it does not meet the threshold for a case review.",
      "",
      "Why",
      "{{ reason }}",
      "A case review needs {{ requiredQualifyingComplaints }} qualifying complaints: each made within one month of the behaviour, " +
        "and the application made within six months of the complaint. " +
        "We counted {{ qualifyingComplaints }} {% if qualifyingComplaints == 1 %}complaint{% else %}complaints{% endif %} that met these rules.",
      "",
      "What will be done",
      "{{ actionToBeTaken }}",
      "",
      "You can still report anti-social behaviour",
      "Please keep reporting every incident: to the police on 101 or online (in an emergency call 999), and to your council or landlord. " +
        "If the behaviour goes on, you can apply for a case review again.",
      "",
      "If you are unhappy with this decision",
      "If you are unhappy with how we handled your application, you can ask for a secondary review by {{ secondaryReviewRequestDue }}. " +
        "It is carried out by an independent panel and is the last step in this process. Quote {{ reference }} when you ask.",
      "",
      "Yours sincerely,",
      "{{ partnershipName }}",
    ),
  },

  // What the panel found and recommended, and the right to ask for a secondary review with its deadline.
  [LetterKind.OUTCOME]: {
    subject: SUBJECT,
    body: lines(
      "Dear {{ applicantName }},",
      "",
      "Your anti-social behaviour case review: reference {{ reference }}",
      "",
      "The case review panel met on {{ panelHeldOn }}. The agencies you reported to looked together at what happened and at how they dealt with your complaints. " +
        "This letter tells you what the panel found and what it recommended.",
      "",
      "What the panel found",
      "{{ findings }}",
      "",
      "What the panel recommended",
      "{% if recommendationCount == 0 %}The panel did not make any recommendations.{% else %}" +
        "The panel made {% if recommendationCount == 1 %}one recommendation{% else %}{{ recommendationCount }} recommendations{% endif %}. " +
        "Each organisation must consider its recommendation and tell us what it will do. We will follow them up, and challenge any that are not carried out without good reason." +
        "{% for r in recommendations %}",
      "{{ loop.index }}. To {{ r.addressee }}: {{ r.text }} (by {{ r.dueBy }}){% endfor %}{% endif %}",
      "",
      "If you are unhappy with how your case review was handled",
      "You can ask for a secondary review. An independent panel will look at how your application and this review were handled. " +
        "This is the last step in the case review process. You must ask by {{ secondaryReviewRequestDue }} " +
        "({{ secondaryReviewRequestWorkingDays }} working days from the date of this letter). Tell us why you are unhappy: contact us quoting {{ reference }}, " +
        "or ask online with your reference and access code.",
      "",
      ...closing(),
    ),
  },

  // Sent before the outcome letter is due, saying when to expect it (DOMAIN.md).
  [LetterKind.EXTENSION]: {
    subject: SUBJECT,
    body: lines(
      "Dear {{ applicantName }},",
      "",
      "Your anti-social behaviour case review: reference {{ reference }}",
      "",
      "We said we would write to you by {{ currentDue }} with what the case review panel found and what it recommended. " +
        "We are sorry, but we need more time to do this properly.",
      "",
      "You can now expect our letter by {{ newOutcomeDate }}.",
      "",
      "If you have any questions, please contact us quoting {{ reference }}. You can check progress online with your reference and access code.",
      "",
      ...closing(),
    ),
  },

  // The independent reviewer's decision, and where to go next.
  [LetterKind.SECONDARY_REVIEW_OUTCOME]: {
    subject: "The secondary review of your anti-social behaviour case review: reference {{ reference }}",
    body: lines(
      "Dear {{ applicantName }},",
      "",
      "The secondary review of your anti-social behaviour case review: reference {{ reference }}",
      "",
      "You asked for a secondary review of how your application and case review were handled. An independent reviewer has now looked at it.",
      "",
      "The decision",
      "{% if upheld %}The reviewer agreed with your concerns: your request has been upheld.",
      "Your case has been referred back to the partnership. The agencies will look at their records again, and we will write to you about what happens next." +
        "{% else %}The reviewer did not uphold your concerns.",
      "The secondary review is the last step in the anti-social behaviour case review process, so your case review is now closed.{% endif %}",
      "",
      "What the reviewer found",
      "{{ findings }}",
      "",
      "If you are still unhappy",
      "{{ signposting }}",
      "",
      ...closing(),
    ),
  },
};
