import { Arg, Args, Ctx, Mutation, Query, Resolver } from "type-graphql";
import type { Context } from "../../app/context";
import { ApplicationStatusArgs, CaseReviewApplicationInput } from "./application.input";
import { applicationStatus, submitApplication } from "./application.service";
import { ApplicationStatusView, SubmittedApplication } from "./application.type";

@Resolver()
export class ApplicationResolver {
  @Mutation(_returns => SubmittedApplication, {
    description: "Apply for an ASB case review: open to the public without signing in, and to staff applying on someone's behalf",
  })
  submitCaseReviewApplication(
    @Arg("input", _type => CaseReviewApplicationInput) input: CaseReviewApplicationInput,
    @Ctx() ctx: Context,
  ): Promise<SubmittedApplication> {
    return submitApplication(ctx, input);
  }

  @Query(_returns => ApplicationStatusView, {
    nullable: true,
    description: "The applicant's own view, by reference and access code: a wrong code answers exactly like an unknown reference",
  })
  applicationStatus(@Args() args: ApplicationStatusArgs, @Ctx() ctx: Context): Promise<ApplicationStatusView> {
    return applicationStatus(ctx, args.reference, args.accessCode);
  }
}
