import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { journeyState } from "~/intake/journey";
import { journeyContext, requireDraft, requireService } from "~/intake/step-route.server";
import { stepUrl } from "~/intake/step-url";

/** "Continue" from Mina sidor: to the first step still to answer, or to the review. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const definition = requireService(params);
  const { draft } = await requireDraft(request, context, definition, params.draftId);
  return redirect(
    stepUrl(definition, draft.id, journeyState(definition, draft.answers, journeyContext(context)).resumeAt),
  );
}
