import { Field, Int, ObjectType } from "type-graphql";
import { Incident } from "../incidents/incident.entity";
import { ThresholdRoute } from "./threshold-decision.entity";

@ObjectType({ description: "One incident as the threshold engine sees it" })
export class AssessedIncident {
  @Field(_type => Incident)
  incident!: Incident;

  @Field({ description: "A qualifying complaint that counts (a duplicate counts once, through the report it duplicates)" })
  qualifies!: boolean;

  @Field({ description: "Why, in words a person can read" })
  qualificationReason!: string;

  @Field(_type => Incident, { nullable: true, description: "The report of the same incident to another agency that is counted instead" })
  duplicateOf!: Incident | null;

  @Field({ description: "The agency has not yet confirmed it (PENDING)" })
  unconfirmed!: boolean;
}

@ObjectType({ description: "The engine's assessment of a case: advice beside the CSP officer's decision, never the decision" })
export class ThresholdAssessment {
  @Field(_type => [AssessedIncident], { description: "Every incident of the case, in the order of the case's incidents" })
  incidents!: AssessedIncident[];

  @Field(_type => Int, { description: "Qualifying complaints, one incident reported to several agencies counted once" })
  qualifyingIncidentCount!: number;

  @Field(_type => Int, { description: "What the partnership's policy requires (3 at most, by law)" })
  requiredQualifyingComplaints!: number;

  @Field(_type => [ThresholdRoute])
  routesSatisfied!: ThresholdRoute[];

  @Field()
  wouldMeetThreshold!: boolean;

  @Field({ description: "The assessment in a sentence" })
  summary!: string;
}
