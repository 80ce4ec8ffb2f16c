using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Approvals.Sealing;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// How an application came out: 准予许可 (approved), 不予许可 (denied), 不予受理 (notAccepted), 已撤回 (withdrawn), 终止办理
/// (terminated: ended by the host itself, e.g. 容缺 materials not supplied in time), 撤销许可 (revoked: granted, then revoked
/// because the applicant's 告知承诺 was found false), or ended without any of these (a process with no decision). Kept on the
/// instance (<see cref="Storage.InstanceRecord.Outcome"/>) from the stimulus that settles it, so the office's 办件查询 can show
/// and filter by it, the application page and the applicant's status read the same word, and none of them works it out again
/// from the state and the tasks.
/// </summary>
public static class ApplicationOutcomes
{
    public const string Approved = "approved", Denied = "denied", NotAccepted = "notAccepted", Withdrawn = "withdrawn", Ended = "ended";
    public const string Terminated = "terminated", Revoked = "revoked";

    /// <summary>What the applications list filters by (<c>outcome=</c>).</summary>
    public static readonly IReadOnlyList<string> All = [Approved, Denied, NotAccepted, Withdrawn, Terminated, Revoked, Ended];

    /// <summary>
    /// The outcome once a stimulus has been applied, or null while nothing has settled it. A cancellation wins: by a person (the
    /// applicant, or the window at their request) it is a withdrawal, by the host itself (a lapse) a termination; the written
    /// decision settles it as soon as it exists, even while the workflow goes on to seal and push, and a grant revoked later
    /// is revoked; a certificate issued means approved; the window's refusal means not accepted; an end without any of these is
    /// ended. Each is seen in the stimulus that does it, so nothing is read from the database (the migration that
    /// added the column settled the applications already stored).
    /// </summary>
    public static string? Settle(StimulusContext context, ExecutionResult result)
    {
        var instance = context.Instance;
        if (instance.Status == WorkflowStatus.Cancelled)
        {
            if (context.PreviousStatus == WorkflowStatus.Cancelled) return instance.Outcome;
            // The office says which (the window withdraws at the applicant's wish or terminates); else the host's own end is a
            // termination and a person's a withdrawal.
            var said = Cancellation(result)?.Payload?[CancelledAs]?.GetValue<string>();
            return said is Withdrawn or Terminated ? said : context.Actor.Roles.Contains("system") ? Terminated : Withdrawn;
        }
        var decision = result.State.Variables.GetValueOrDefault(Decision.DecisionVariable);
        switch (decision?["outcome"]?.ToString())
        {
            case Outcomes.Approved: return decision["revoked"] is null ? Approved : Revoked;
            case Outcomes.Denied: return Denied;
        }
        if (instance.Outcome is { } settled && settled != Ended) return settled;
        if (result.Effects.Any(e => e.Effect is IssueCertificateRequest)) return Approved;
        if (result.Journal.Any(j => j.ActivityType == AcceptanceActivityType && j.Outcome == Outcomes.NotAccepted)) return NotAccepted;
        return instance.Status == WorkflowStatus.Finished ? Ended : null;
    }

    private const string AcceptanceActivityType = "Approvals.Acceptance";

    /// <summary>The engine's journal event of a cancellation, and the payload's field that says how it ended the application.</summary>
    public const string CancelledEvent = "WorkflowCancelled", CancelledAs = "endedAs";

    /// <summary>The stimulus's cancellation line (its reason and how it ended the application), or null when it cancelled nothing.</summary>
    public static JournalEntry? Cancellation(ExecutionResult result) => result.Journal.LastOrDefault(j => j.EventName == CancelledEvent);

    /// <summary>The host's own words for a cancellation without a reason, which say nothing the event and its actor do not.</summary>
    public const string WithdrawnByApplicant = "withdrawn by the applicant", WithdrawnAtRequest = "withdrawn at the applicant's request", PlainCancellation = "cancelled";

    /// <summary>
    /// The reason a cancellation's journal line gives, as staff typed it or the applicant wrote it when withdrawing, or null for
    /// the host's own wording (the client's twin: utils/outcomes.ts, cancelReason).
    /// </summary>
    public static string? CancelReason(string? message)
    {
        var text = message?.Trim() ?? "";
        if (text.StartsWith(WithdrawnByApplicant + ":", StringComparison.Ordinal)) return NullIfEmpty(text[(WithdrawnByApplicant.Length + 1)..].Trim());
        return text is "" or WithdrawnByApplicant or WithdrawnAtRequest or PlainCancellation || (text.StartsWith("parent instance ", StringComparison.Ordinal) && text.EndsWith(" no longer waits for it", StringComparison.Ordinal))
            ? null : text;
        static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
    }
}

/// <summary>Keeps <see cref="Storage.InstanceRecord.Outcome"/> in step with every stimulus, in its transaction.</summary>
public sealed class ApplicationOutcomeObserver : IStimulusObserver
{
    public Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        var outcome = ApplicationOutcomes.Settle(context, result);
        if (outcome != context.Instance.Outcome) context.Instance.Outcome = outcome;
        return Task.CompletedTask;
    }
}
