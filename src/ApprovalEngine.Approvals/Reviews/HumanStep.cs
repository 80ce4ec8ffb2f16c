using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// Shared mechanics of the human steps: open a task on a bookmark, close it on completion, and the correction
/// loop (one notice listing everything, wait for the applicant's complete resubmission, then a new round for the
/// same department only) when the designer did not wire the correction port to a path of their own. A step with a
/// review mode (会签, 或签, 依次, 票签, chain by position) opens one task per signer or level; each answer is its own
/// stimulus, and the step moves on only when the mode has reached an opinion.
/// </summary>
public abstract class HumanStep : Workflows.Activities.Activity
{
    public const string TaskBookmark = "Task";
    public const string ResubmissionBookmark = "Resubmission";

    /// <summary>Activity ids of earlier human steps this step may return the application to (驳回).</summary>
    protected virtual IReadOnlyList<string> ReturnTargetIds => [];

    /// <summary>The longest deadline a step may have: a year of working days.</summary>
    public const int MaxDeadlineWorkingDays = 365;

    /// <summary>
    /// A working-day input the designer wrote as a constant must be a whole number in [<paramref name="min"/>, <paramref name="max"/>]
    /// (checked when the definition is saved and published): "abc" and -3 silently made no deadline, 10^9 failed every start.
    /// An expression is checked when it runs (<see cref="OpenRound"/>).
    /// </summary>
    public static string? WorkingDaysProblem(ActivityNodeInputs inputs, string name, int min, int max, string label)
    {
        if (inputs[name] is not { ExpressionType: "Literal" } input) return null;
        var text = input.Value?.ToString()?.Trim().Trim('"');
        if (string.IsNullOrEmpty(text)) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var days)
               && days >= min && days <= max
            ? null
            : $"{name} ({label}) must be a whole number of working days from {min} to {max}, not '{text}'.";
    }

    /// <summary>What every task of the step's round looks like.</summary>
    protected sealed record TaskTemplate(TaskKind Kind, string Department, string Title, string? Instructions, int? DeadlineWorkingDays,
        IReadOnlyList<string> RequiredMaterials, IReadOnlyList<string> Outcomes, JsonObject? Context = null);

    protected ActivityResult OpenTask(ActivityContext context, TaskKind kind, string department, string title, string? instructions,
        int? deadlineWorkingDays, IReadOnlyList<string> requiredMaterials, IReadOnlyList<string> outcomes, JsonObject? taskContext = null) =>
        OpenRound(context, SignOffPolicy.Create(null, null, 1, null),
            new TaskTemplate(kind, department, title, instructions, deadlineWorkingDays, requiredMaterials, outcomes, taskContext));

    /// <summary>Starts a new round: one department task, the first level of the chain, the first signer, or every signer at once.</summary>
    protected ActivityResult OpenRound(ActivityContext context, SignOffPolicy policy, TaskTemplate template)
    {
        // A deadline from an expression is known only now: out of range, the step faults (an incident to fix) instead of the
        // working-day calendar throwing inside the stimulus, which answered the clerk with a 500 on every try.
        if (template.DeadlineWorkingDays is < 0 or > MaxDeadlineWorkingDays)
            return ActivityResult.Fault($"The step's deadline of {template.DeadlineWorkingDays} working days is outside 0 to {MaxDeadlineWorkingDays}.");
        var round = (context.ActivityState["round"]?.GetValue<int>() ?? 0) + 1;
        context.ActivityState["round"] = round;
        context.ActivityState["votes"] = new JsonArray();
        context.ActivityState["next"] = 0;
        return policy.Mode switch
        {
            ReviewModes.Single when policy.Chain.Count > 0 => Level(context, policy, template, 0),
            ReviewModes.Single => NewTask(context, template, null, null),
            ReviewModes.Sequential => Signer(context, policy, template, 0),
            _ => ActivityResult.SuspendMany(policy.Signers.Select((_, i) => Signer(context, policy, template, i)).ToList()),
        };
    }

    private ActivityResult.Suspended Level(ActivityContext context, SignOffPolicy policy, TaskTemplate template, int level)
    {
        var position = policy.Chain[level];
        return NewTask(context, template with { Title = $"{template.Title} · {ReviewModes.Positions[position]}" }, null,
            new JsonObject { ["position"] = position, ["level"] = level + 1, ["levels"] = policy.Chain.Count });
    }

    private ActivityResult.Suspended Signer(ActivityContext context, SignOffPolicy policy, TaskTemplate template, int index) =>
        NewTask(context, template, policy.Signers[index], new JsonObject
        {
            ["reviewMode"] = policy.Mode, ["signer"] = policy.Signers[index], ["signerIndex"] = index + 1, ["signers"] = policy.Signers.Count,
            ["passRatio"] = policy.Mode == ReviewModes.Vote ? policy.PassRatio : null,
        });

    private ActivityResult.Suspended NewTask(ActivityContext context, TaskTemplate template, string? assignee, JsonObject? extra)
    {
        var taskContext = template.Context?.DeepClone().AsObject();
        if (ReturnTargetIds.Count > 0)
        {
            // 驳回: the steps the designer allows this one to send the application back to travel with the task.
            taskContext ??= [];
            taskContext["returnTargets"] = new JsonArray(ReturnTargetIds.Select(t => (JsonNode)t).ToArray());
        }
        if (extra is not null)
        {
            taskContext ??= [];
            foreach (var (key, value) in extra) taskContext[key] = value?.DeepClone();
        }
        var round = context.ActivityState["round"]?.GetValue<int>() ?? 1;
        var taskId = ActivityContext.NewId();
        var bookmarkId = ActivityContext.NewId();
        context.AddEffect(new OpenTask(taskId, bookmarkId, template.Kind, template.Department, template.Title, template.Instructions,
            template.DeadlineWorkingDays, template.RequiredMaterials, template.Outcomes, round, taskContext, assignee));
        return new ActivityResult.Suspended(TaskBookmark,
            new JsonObject { ["taskId"] = taskId, ["department"] = template.Department, ["kind"] = template.Kind.ToString() }, null, bookmarkId);
    }

    /// <summary>
    /// One answer on one task of the round (its own stimulus): the task closes, and either the mode goes on (the next level or
    /// signer's task, or waiting for the other signers: <c>Next</c>) or the step has its opinion (<c>Verdict</c>), in which case
    /// the tasks nobody needs to answer any more are cancelled. A rejection ends the round with its reasons, except in 票签,
    /// where it is a vote and the round ends once the pass ratio can no longer be reached.
    /// </summary>
    protected (ActivityResult? Next, SignOffVerdict? Verdict) Vote(ActivityContext context, SignOffPolicy policy, TaskTemplate template,
        TaskCompletion completion, string approve, string reject)
    {
        context.AddEffect(new CloseTask(completion.TaskId, completion.Outcome, completion.Opinion, completion.Materials));
        var votes = context.ActivityState["votes"] as JsonArray ?? [];
        votes.Add(new SignOffVote(completion.TaskId, completion.Actor, completion.Outcome, completion.Opinion).ToJson());
        context.ActivityState["votes"] = votes;
        var all = votes.Select(v => SignOffVote.From(v!)).ToList();
        var me = all[^1];
        var next = context.ActivityState["next"]?.GetValue<int>() ?? 0;
        var approvals = all.Count(v => v.Outcome == approve);
        var rejections = all.Count(v => v.Outcome == reject);

        (ActivityResult? Next, SignOffVerdict? Verdict) Final(string outcome, IReadOnlyList<SignOffVote> which)
        {
            context.CancelOwnBookmarks($"{ReviewModes.Label(policy.Mode)}已有结论");
            var opinion = which.Count == 1 ? which[0].Opinion
                : string.Join("；", which.Where(v => !string.IsNullOrWhiteSpace(v.Opinion)).Select(v => $"{v.Actor}：{v.Opinion}"));
            return (null, new SignOffVerdict(outcome, opinion, completion.Materials, completion.Actor, all));
        }

        (ActivityResult? Next, SignOffVerdict? Verdict) Wait(ActivityResult next, string message)
        {
            context.Log("SignOffProgress", message, new JsonObject
            {
                ["taskId"] = completion.TaskId, ["mode"] = policy.Mode, ["approvals"] = approvals, ["rejections"] = rejections,
                ["signers"] = policy.UsesSigners ? policy.Signers.Count : policy.Chain.Count,
            });
            return (next, null);
        }

        // A correction request (or any other answer that is neither yes nor no) ends the round at once.
        if (completion.Outcome != approve && completion.Outcome != reject) return Final(completion.Outcome, [me]);
        switch (policy.Mode)
        {
            case ReviewModes.Single when policy.Chain.Count > 0:
                if (completion.Outcome == reject || next + 1 >= policy.Chain.Count) return Final(completion.Outcome, completion.Outcome == reject ? [me] : all);
                context.ActivityState["next"] = next + 1;
                return Wait(Level(context, policy, template, next + 1),
                    $"{ReviewModes.Positions[policy.Chain[next]]}同意，转{ReviewModes.Positions[policy.Chain[next + 1]]}（{next + 2}/{policy.Chain.Count}）");
            case ReviewModes.Sequential:
                if (completion.Outcome == reject || next + 1 >= policy.Signers.Count) return Final(completion.Outcome, completion.Outcome == reject ? [me] : all);
                context.ActivityState["next"] = next + 1;
                return Wait(Signer(context, policy, template, next + 1),
                    $"依次审批：{me.Actor} 同意，转 {policy.Signers[next + 1]}（{next + 2}/{policy.Signers.Count}）");
            case ReviewModes.All:
                if (completion.Outcome == reject) return Final(reject, [me]);
                if (approvals >= policy.Signers.Count) return Final(approve, all);
                return Wait(ActivityResult.SuspendMany([]), $"会签：{me.Actor} 同意（已同意 {approvals}/{policy.Signers.Count}）");
            case ReviewModes.Vote:
                var n = policy.Signers.Count;
                // A small tolerance so that 2 of 3 reaches a ratio written as 0.67 or 2/3 rounded.
                if (approvals >= policy.PassRatio * n - 1e-9) return Final(approve, all.Where(v => v.Outcome == approve).ToList());
                if (n - rejections < policy.PassRatio * n - 1e-9) return Final(reject, all.Where(v => v.Outcome == reject).ToList());
                return Wait(ActivityResult.SuspendMany([]), $"票签：{me.Actor} {(completion.Outcome == approve ? "同意" : "不同意")}（同意 {approvals}、不同意 {rejections}，共 {n} 票，通过比例 {policy.PassRatio:0.##}）");
            default:
                // 单人 and 或签: the first answer is the step's answer.
                return Final(completion.Outcome, [me]);
        }
    }

    /// <summary>Closes the task and, for a correction the workflow does not route itself, starts the correction loop.</summary>
    protected ActivityResult CloseTask(ActivityContext context, TaskCompletion completion, string correctionOutcome, string requestedBy, Func<ActivityResult> otherwise)
    {
        context.AddEffect(new CloseTask(completion.TaskId, completion.Outcome, completion.Opinion, completion.Materials));
        return Conclude(context, completion.Outcome, completion.Opinion, completion.Materials, correctionOutcome, requestedBy, otherwise);
    }

    /// <summary>
    /// The step has its opinion: a correction the workflow does not route elsewhere starts the correction loop (notice, wait for
    /// the resubmission, a new round of this step). The shipped processes draw that loop as a connection from the correction port
    /// back to the step, which routes nothing.
    /// </summary>
    protected ActivityResult Conclude(ActivityContext context, string outcome, string? opinion, IReadOnlyList<string> materials,
        string correctionOutcome, string requestedBy, Func<ActivityResult> otherwise)
    {
        if (outcome != correctionOutcome || context.IsConnected(correctionOutcome)) return otherwise();

        var noticeId = ActivityContext.NewId();
        var bookmarkId = ActivityContext.NewId();
        var missing = materials.Count > 0 ? materials : [opinion ?? "see opinion"];
        context.AddEffect(new CorrectionNotice(noticeId, bookmarkId, requestedBy, missing, opinion));
        return ActivityResult.Suspend(ResubmissionBookmark,
            new JsonObject { ["noticeId"] = noticeId, ["requestedBy"] = requestedBy, ["missing"] = new JsonArray(missing.Select(m => (JsonNode)m).ToArray()) },
            bookmarkId: bookmarkId);
    }

    protected static void ResolveCorrection(ActivityContext context, Bookmark bookmark) =>
        context.AddEffect(new CorrectionResolved(bookmark.Payload?["noticeId"]?.GetValue<string>() ?? ""));

    /// <summary>
    /// The review-mode inputs as the designer wrote them, when they are constants (literal or JSON); an expression is only
    /// known at run time, so it is not checked at publish.
    /// </summary>
    protected static SignOffPolicy? ConstantPolicy(ActivityNodeInputs inputs)
    {
        try
        {
            return SignOffPolicy.Create(Constant<string>(inputs["reviewMode"]), Constant<string[]>(inputs["signers"]),
                Constant<double?>(inputs["passRatio"]) ?? 0.5, Constant<string[]>(inputs["positionChain"]));
        }
        catch (Exception e) when (e is FormatException or ExpressionException or NotConstantException) { return null; }
    }

    private sealed class NotConstantException : Exception;

    /// <summary>An input's value when the designer wrote a constant; default when absent or an expression.</summary>
    protected static T? Constant<T>(ActivityNodeInputs inputs, string name)
    {
        try { return Constant<T>(inputs[name]); }
        catch (Exception e) when (e is FormatException or InvalidCastException or ExpressionException or NotConstantException) { return default; }
    }

    private static T? Constant<T>(InputValue? input)
    {
        if (input is null) return default;
        var value = input.ExpressionType switch
        {
            "Literal" => input.Value,
            "Object" => new ObjectEvaluator().Evaluate(input.Value, ExpressionScope.Empty),
            _ => throw new NotConstantException(),
        };
        return (T?)ValueConverter.Convert(value, typeof(T));
    }
}
