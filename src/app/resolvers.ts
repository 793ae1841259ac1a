import type { NonEmptyArray } from "type-graphql";
import { AgencyResolver } from "../modules/agencies/agency.resolver";
import { AuditResolver } from "../modules/audit/audit.resolver";
import { ApplicationResolver } from "../modules/case-reviews/application.resolver";
import { CaseReviewActionsResolver } from "../modules/case-reviews/case-review-actions.resolver";
import { CaseReviewConnectionResolver, CaseReviewResolver } from "../modules/case-reviews/case-review.resolver";
import { ContributionResolver } from "../modules/contributions/contribution.resolver";
import { HistoricCaseResolver } from "../modules/historic-cases/historic-case.resolver";
import { IncidentResolver } from "../modules/incidents/incident.resolver";
import { InformationRequestResolver } from "../modules/information-requests/information-request.resolver";
import { LetterResolver } from "../modules/letters/letter.resolver";
import { NotificationResolver } from "../modules/notifications/notification.resolver";
import { LiveUpdatesResolver } from "../modules/live-updates/live-updates.resolver";
import { LetterTemplateResolver } from "../modules/letters/letter-template.resolver";
import { PanelResolver } from "../modules/panels/panel.resolver";
import { PartnershipResolver } from "../modules/partnerships/partnership.resolver";
import { RecommendationConnectionResolver, RecommendationResolver } from "../modules/recommendations/recommendation.resolver";
import { SecondaryReviewResolver } from "../modules/secondary-reviews/secondary-review.resolver";
import { StaffUserResolver } from "../modules/staff/staff-user.resolver";
import { StatisticsResolver } from "../modules/statistics/statistics.resolver";
import { ThresholdResolver } from "../modules/threshold/threshold.resolver";

/** Every resolver class: the one list the server, the schema emitter and the tests share. */
export const resolvers: NonEmptyArray<Function> = [
  PartnershipResolver,
  AgencyResolver,
  StaffUserResolver,
  CaseReviewResolver,
  CaseReviewConnectionResolver,
  ApplicationResolver,
  IncidentResolver,
  InformationRequestResolver,
  ThresholdResolver,
  CaseReviewActionsResolver,
  ContributionResolver,
  PanelResolver,
  RecommendationResolver,
  RecommendationConnectionResolver,
  LetterResolver,
  LetterTemplateResolver,
  SecondaryReviewResolver,
  StatisticsResolver,
  HistoricCaseResolver,
  AuditResolver,
  NotificationResolver,
  LiveUpdatesResolver,
];
