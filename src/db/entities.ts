import { Agency, AgencyPartnership } from "../modules/agencies/agency.entity";
import { AuditEntry } from "../modules/audit/audit-entry.entity";
import { Applicant, Representative } from "../modules/case-reviews/applicant.entity";
import { CaseAgency } from "../modules/case-reviews/case-agency.entity";
import { CaseEvent } from "../modules/case-reviews/case-event.entity";
import { CaseReview } from "../modules/case-reviews/case-review.entity";
import { AgencyContribution } from "../modules/contributions/contribution.entity";
import { Incident } from "../modules/incidents/incident.entity";
import { InformationRequest } from "../modules/information-requests/information-request.entity";
import { Letter } from "../modules/letters/letter.entity";
import { Notification, NotificationSetting } from "../modules/notifications/notification.entity";
import { LetterTemplateVersion } from "../modules/letters/letter-template.entity";
import { PanelMeeting } from "../modules/panels/panel-meeting.entity";
import { Partnership } from "../modules/partnerships/partnership.entity";
import { Recommendation } from "../modules/recommendations/recommendation.entity";
import { SecondaryReview } from "../modules/secondary-reviews/secondary-review.entity";
import { StaffUser } from "../modules/staff/staff-user.entity";
import { ThresholdDecision } from "../modules/threshold/threshold-decision.entity";

export const entities = [
  Partnership, Agency, AgencyPartnership, StaffUser,
  CaseReview, Applicant, Representative, CaseAgency, CaseEvent,
  Incident, InformationRequest, ThresholdDecision, AgencyContribution,
  PanelMeeting, Recommendation, Letter, LetterTemplateVersion, SecondaryReview, AuditEntry,
  Notification, NotificationSetting,
];
