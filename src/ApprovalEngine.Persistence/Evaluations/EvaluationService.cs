using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.FollowUps;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Notifications;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Evaluations;

public sealed class CareOptions
{
    /// <summary>Working days the responsible department has to rectify a bad review.</summary>
    public int RectificationWorkingDays { get; set; } = 5;
    /// <summary>Working days to answer a complaint or suggestion.</summary>
    public int ComplaintReplyWorkingDays { get; set; } = 5;
    /// <summary>Who answers a complaint that names no application (the government service office).</summary>
    public string ComplaintDefaultDepartment { get; set; } = "window";
}

/// <summary>The shipped workflows that carry the follow-ups (tasks, deadlines, warnings, escalation come with them).</summary>
public static class CareWorkflows
{
    public const string Rectification = "service-rectification", ComplaintReply = "complaint-reply";
    public const string RectifyStep = "rectify", CallbackStep = "callback", ReplyStep = "reply";
}

public sealed record EvaluationRequest(string InstanceId, string Channel, int? Level, string? Comment, string? EvaluatorName, string? EvaluatorPhone, string? EvaluatorSubjectId);

/// <summary>好差评: records ratings and opens a rectification case for each bad one.</summary>
public sealed class EvaluationService(ApprovalDbContext db, WorkflowRuntime runtime, ApplicantNotifier notifier, CareOptions options, TimeProvider time)
{
    public async Task<EvaluationRecord> EvaluateAsync(EvaluationRequest request, Actor actor, CancellationToken ct)
    {
        if (request.Level is not (>= 1 and <= 5)) throw new BadRequestException("'level' must be 1 (very dissatisfied) to 5 (very satisfied).", ErrorCodes.ValidationField, "level");
        var comment = CareText.Optional(request.Comment, "comment", 1000);
        // A bad rating opens a rectification case that must answer it (好差评: 差评须说明原因): without a reason there is
        // nothing to put right, so the rater is asked for one instead of a case being opened on a bare level.
        if (request.Level <= (int)EvaluationLevel.Dissatisfied && comment is null)
            throw new BadRequestException("A dissatisfied or very dissatisfied rating needs a reason in 'comment': the rectification it opens answers it.",
                ErrorCodes.EvaluationReasonRequired, "comment");
        var name = CareText.Optional(request.EvaluatorName, "evaluatorName", 128);
        var phone = CareText.Optional(request.EvaluatorPhone, "evaluatorPhone", 32) is { } typed ? ContactRules.NormalizePhone(typed) : null;
        if (phone is not null && !ContactRules.IsPhone(phone)) throw new BadRequestException("'evaluatorPhone' is not a phone number.", ErrorCodes.ValidationField, "evaluatorPhone");
        if (!EvaluationChannels.All.Contains(request.Channel)) throw new BadRequestException("'channel' must be online or window.", ErrorCodes.ValidationField, "channel");

        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == request.InstanceId, ct)
                       ?? throw new NotFoundException($"Application '{request.InstanceId}' does not exist.", ErrorCodes.InstanceNotFound);
        if (request.Channel == EvaluationChannels.Online && instance.FinishedAt is null)
            throw new ConflictException("The application can be rated online once it has ended.", ErrorCodes.EvaluationNotEnded);
        if (await db.Set<EvaluationRecord>().AnyAsync(e => e.InstanceId == instance.Id && e.Channel == request.Channel, ct))
            throw new ConflictException("This application has already been rated on this channel.", ErrorCodes.EvaluationExists, "channel");

        // Answerable: the window for a counter visit, else the department that last acted on the application.
        var last = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instance.Id && t.CompletedAt != null)
            .OrderByDescending(t => t.CompletedAt).FirstOrDefaultAsync(ct);
        var window = request.Channel == EvaluationChannels.Window;
        var evaluation = new EvaluationRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), InstanceId = instance.Id, FileNumber = instance.CorrelationId ?? instance.Id,
            DefinitionId = instance.DefinitionId, Matter = notifier.Matter(instance.DefinitionId, instance.Name), Channel = request.Channel,
            Level = (EvaluationLevel)request.Level.Value, Comment = comment,
            Department = window ? actor.Department ?? "window" : last?.Department ?? "window",
            Staff = window ? actor.Name : last?.CompletedBy,
            RealName = request.EvaluatorSubjectId is not null || (name is not null && phone is not null),
            EvaluatorName = name, EvaluatorPhone = phone, EvaluatorSubjectId = request.EvaluatorSubjectId,
            RecordedBy = actor.Name, CreatedAt = time.GetUtcNow(),
        };
        try
        {
            if (!evaluation.IsBad)
            {
                await runtime.RecordAsync(instance.Id, actor, tracked =>
                {
                    tracked.Add(evaluation);
                    return Task.FromResult<JournalEntry?>(new JournalEntry(evaluation.CreatedAt, null, null, "ServiceEvaluated", Outcome: evaluation.Level.ToString(),
                        Message: comment, Actor: actor.Name, Payload: new JsonObject { ["evaluationId"] = evaluation.Id, ["channel"] = evaluation.Channel, ["level"] = (int)evaluation.Level }));
                }, ct);
            }
            else
            {
                // One stimulus: the rating is saved by the transaction that starts its rectification case (the same DbContext);
                // FollowUpObserver links the two when that case starts.
                db.Add(evaluation);
                var input = new JsonObject
                {
                    ["department"] = evaluation.Department, ["deadlineWorkingDays"] = options.RectificationWorkingDays, ["realName"] = evaluation.RealName,
                    ["evaluationId"] = evaluation.Id, ["applicationId"] = instance.Id, ["fileNumber"] = evaluation.FileNumber, ["matter"] = evaluation.Matter,
                    ["level"] = (int)evaluation.Level, ["comment"] = comment, ["evaluatorName"] = name, ["evaluatorPhone"] = phone,
                };
                var correlation = "ZG-" + evaluation.FileNumber;
                await runtime.StartAsync(CareWorkflows.Rectification, correlation[..Math.Min(128, correlation.Length)], input, actor, ct);
            }
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("This application has already been rated on this channel.", ErrorCodes.EvaluationExists, "channel");
        }
        return evaluation;
    }
}

public static class CareText
{
    /// <summary>Trimmed text or null; longer than <paramref name="max"/> is a 400 naming the field.</summary>
    public static string? Optional(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length > max) throw new BadRequestException($"'{field}' must be at most {max} characters.", ErrorCodes.ValidationField, field);
        return text;
    }

    public static string Required(string? value, string field, int max) =>
        Optional(value, field, max) ?? throw new BadRequestException($"'{field}' is required.", ErrorCodes.ValidationField, field);
}
