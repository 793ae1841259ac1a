import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from "type-graphql";
import type { Context } from "../../app/context";
import { Agency } from "../agencies/agency.entity";
import { Applicant } from "../case-reviews/applicant.entity";
import { StaffUser } from "../staff/staff-user.entity";
import { Incident } from "./incident.entity";
import { AddIncidentArgs, ConfirmIncidentArgs, LinkIncidentsArgs } from "./incident.input";
import { addIncident, confirmIncident, linkIncidents, unlinkIncident } from "./incident.service";

@Resolver(_of => Incident)
export class IncidentResolver {
  @Mutation(_returns => Incident, { description: "A CSP officer adds an incident found later; its agency is asked to check it" })
  addIncident(@Args() args: AddIncidentArgs, @Ctx() ctx: Context): Promise<Incident> {
    return addIncident(ctx, args.caseReviewId, args.input);
  }

  @Mutation(_returns => Incident, { description: "The agency the incident was reported to confirms it from its records, or finds none" })
  confirmIncident(@Args() args: ConfirmIncidentArgs, @Ctx() ctx: Context): Promise<Incident> {
    return confirmIncident(ctx, args);
  }

  @Mutation(_returns => [Incident], { description: "A CSP officer links reports that are one incident: it then counts once" })
  linkIncidents(@Args() args: LinkIncidentsArgs, @Ctx() ctx: Context): Promise<Incident[]> {
    return linkIncidents(ctx, args.incidentIds);
  }

  @Mutation(_returns => Incident, { description: "A CSP officer marks a report as an incident of its own, undoing a link or the automatic match" })
  unlinkIncident(@Arg("incidentId", _type => ID) incidentId: string, @Ctx() ctx: Context): Promise<Incident> {
    return unlinkIncident(ctx, incidentId);
  }

  @FieldResolver(_returns => Agency, { description: "The agency it was reported to" })
  reportedTo(@Root() i: Incident, @Ctx() ctx: Context): Agency | Promise<Agency> {
    // Without a promise when the request has the agency already (a case's involved agencies come
    // with its incidents): lists resolve hundreds of these (issue 7).
    return ctx.loaders.agency.peek(i.reportedToAgencyId) ?? ctx.loaders.agency.load(i.reportedToAgencyId).then(a => a!);
  }

  @FieldResolver(_returns => Applicant, { nullable: true, description: "The victim who reported it" })
  async reportedBy(@Root() i: Incident, @Ctx() ctx: Context): Promise<Applicant | null> {
    const victims = await ctx.loaders.applicantsByCase.load(i.caseReviewId);
    return victims.find(v => v.id === i.reportedByApplicantId) ?? null;
  }

  @FieldResolver(_returns => Boolean, { description: "A qualifying complaint, as the threshold engine counts it" })
  async qualifies(@Root() i: Incident, @Ctx() ctx: Context): Promise<boolean> {
    const assessment = await ctx.loaders.thresholdAssessment.load(i.caseReviewId);
    return assessment?.byIncidentId.get(i.id)?.qualifies ?? false;
  }

  @FieldResolver(_returns => String, { description: "Why it qualifies or not, in words a person can read" })
  async qualificationReason(@Root() i: Incident, @Ctx() ctx: Context): Promise<string> {
    const assessment = await ctx.loaders.thresholdAssessment.load(i.caseReviewId);
    return assessment?.byIncidentId.get(i.id)?.qualificationReason ?? "";
  }

  @FieldResolver(_returns => StaffUser, { nullable: true, description: "Who confirmed it, or found no record of it" })
  confirmedBy(@Root() i: Incident, @Ctx() ctx: Context): Promise<StaffUser | null> {
    return i.confirmedById ? ctx.loaders.staffUser.load(i.confirmedById) : Promise.resolve(null);
  }

  @FieldResolver(_returns => String, { nullable: true, description: "What the agency's records show, as it noted when confirming" })
  confirmationNote(@Root() i: Incident): string | null {
    return i.confirmationNote;
  }
}
