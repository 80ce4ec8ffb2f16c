using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using ApprovalEngine.Persistence.Timers;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Intake;

/// <summary>The window's choice of acceptance mode, sent with the acceptance task's completion.</summary>
public sealed record AcceptanceRequest(string? Mode, IReadOnlyList<string>? Materials, CommitmentRequest? Commitment);

/// <summary>The applicant's signed commitment (承诺书): who signed it, and its text when it is not the standard form.</summary>
public sealed record CommitmentRequest(string? SignedBy, string? Text);

public static class AcceptanceModeTimerKinds
{
    /// <summary>Fires on the first day after the supply deadline of deferred materials.</summary>
    public const string DeferredSupplyLapse = "DeferredSupplyLapse";
    public static string TimerId(string instanceId) => $"{instanceId}:deferred-supply";
}

/// <summary>
/// 容缺受理 and 告知承诺 at the window: checks the mode the clerk chose against what the step allows and the credit list,
/// records it with the application (effect of the acceptance), takes the supply of deferred materials, and handles a lapse.
/// </summary>
public sealed class AcceptanceModeService(ApprovalDbContext db, WorkflowRuntime runtime, CreditList credit, DeadlineService deadlines, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The acceptance as the workflow gets it (null for a standard acceptance), after every check: the mode is one the step
    /// allows, the materials are ones it lists, the commitment is signed, and the applicant has no bad credit mark.
    /// </summary>
    public async Task<JsonObject?> CheckAsync(TaskRecord task, AcceptanceRequest? request, string outcome, CancellationToken ct)
    {
        var mode = request?.Mode?.Trim();
        if (string.IsNullOrEmpty(mode) || mode == AcceptanceModes.Standard) return null;
        if (!AcceptanceModes.All.Contains(mode))
            throw new BadRequestException($"'acceptance.mode' must be one of: {string.Join(", ", AcceptanceModes.All)}.", ErrorCodes.ValidationField, "acceptance.mode");
        if (task.Kind != TaskKind.Acceptance || outcome != Outcomes.Accepted)
            throw new BadRequestException($"'acceptance.mode' {mode} applies only when the window accepts (outcome {Outcomes.Accepted} on an acceptance task).",
                ErrorCodes.ValidationField, "acceptance.mode");
        var context = task.ContextJson is null ? null : JsonNode.Parse(task.ContextJson);
        var listed = (mode == AcceptanceModes.Deferred ? context?["deferrableMaterials"] : context?["commitmentMaterials"]) as JsonArray;
        var allowed = mode == AcceptanceModes.Deferred ? listed is { Count: > 0 } : context?["allowCommitment"]?.GetValue<bool>() == true;
        if (!allowed)
            throw new BadRequestException(mode == AcceptanceModes.Deferred
                    ? "This process declares no materials that may be supplied later (容缺受理 is not allowed)."
                    : "This process does not allow approval on commitment (告知承诺制).", ErrorCodes.AcceptanceModeNotAllowed, "acceptance.mode");
        var names = listed?.Select(m => m!.GetValue<string>()).ToList() ?? [];
        var chosen = (request!.Materials ?? []).Select(m => m?.Trim()).Where(m => !string.IsNullOrEmpty(m)).Select(m => m!).Distinct().ToList();
        if (chosen.Count == 0 && mode == AcceptanceModes.Commitment) chosen = names;
        if (chosen.Count == 0)
            throw new BadRequestException("List the materials to be supplied later in 'acceptance.materials'.", ErrorCodes.ValidationField, "acceptance.materials");
        if (chosen.FirstOrDefault(m => !names.Contains(m, StringComparer.OrdinalIgnoreCase)) is { } stray)
            throw new BadRequestException($"'{stray}' is not among the materials this process lists for {AcceptanceModes.Label(mode)}: {string.Join("、", names)}.",
                ErrorCodes.AcceptanceMaterialNotListed, "acceptance.materials");
        chosen = chosen.Select(m => names.First(n => string.Equals(n, m, StringComparison.OrdinalIgnoreCase))).ToList();
        var signedBy = request.Commitment?.SignedBy?.Trim();
        if (string.IsNullOrEmpty(signedBy) || signedBy.Length > 128)
            throw new BadRequestException("The applicant's signed commitment is required: 'acceptance.commitment.signedBy' names who signed it (at most 128 characters).",
                ErrorCodes.AcceptanceCommitmentRequired, "acceptance.commitment.signedBy");
        var text = request.Commitment?.Text?.Trim();
        if (text is { Length: > 2000 })
            throw new BadRequestException("'acceptance.commitment.text' must be at most 2000 characters.", ErrorCodes.ValidationField, "acceptance.commitment.text");

        var instance = await db.Instances.AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, ct);
        var subjectId = instance.OwnerSubjectId ?? SubjectIdOf(instance);
        if (await credit.BadMarkAsync(subjectId, instance.OwnerSubjectName ?? instance.Applicant, ct) is { } mark)
            throw new ConflictException($"The applicant has a bad credit mark ({mark.Reason}); {AcceptanceModes.Label(mode)} is not available, accept in the standard way.",
                ErrorCodes.AcceptanceCreditRefused, "acceptance.mode");
        return new JsonObject
        {
            ["mode"] = mode, ["materials"] = new JsonArray(chosen.Select(m => (JsonNode)m).ToArray()),
            ["commitment"] = new JsonObject { ["signedBy"] = signedBy, ["text"] = string.IsNullOrEmpty(text) ? null : text },
        };
    }

    /// <summary>A counter application names its applicant's credit code or ID in the input (applicantId or creditCode).</summary>
    public static string? SubjectIdOf(InstanceRecord instance)
    {
        var input = WorkflowRuntime.ReadState(instance).Input;
        foreach (var key in new[] { "applicantId", "creditCode" })
            if (input[key] is JsonValue v && v.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id)) return id.Trim().ToUpperInvariant();
        return null;
    }

    /// <summary>
    /// The window confirms the deferred materials arrived (each uploaded under its name since the acceptance): the supply is
    /// recorded, a suspended clock runs again, and a decision waiting for them goes ahead. One stimulus.
    /// </summary>
    public async Task<AcceptanceModeRecord> SupplyAsync(string instanceId, Actor actor, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) throw new NotFoundException($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound);
        await runtime.DecideAsync(instanceId, actor, async tracked =>
        {
            var row = await tracked.Set<AcceptanceModeRecord>().SingleOrDefaultAsync(r => r.InstanceId == instanceId, ct);
            if (row is not { Mode: AcceptanceModes.Deferred })
                throw new ConflictException("This application was not accepted with deferred materials (容缺受理).", ErrorCodes.AcceptanceNoDeferredMaterials);
            if (row.SupplyStatus == AcceptanceModes.SupplySupplied)
                throw new ConflictException("The deferred materials were already supplied.", ErrorCodes.AcceptanceAlreadySupplied);
            if (row.SupplyStatus == AcceptanceModes.SupplyLapsed && row.LapseAction == AcceptanceModes.LapseTerminate)
                throw new ConflictException("The supply deadline passed and the case was terminated.", ErrorCodes.InstanceEnded);
            var materials = JsonSerializer.Deserialize<List<string>>(row.MaterialsJson, Json)!;
            var uploaded = await tracked.Materials.Where(m => m.InstanceId == instanceId && m.UploadedAt >= row.AcceptedAt).Select(m => m.Name).ToListAsync(ct);
            var missing = materials.Where(m => !uploaded.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
            if (missing.Count > 0)
                throw new BadRequestException($"Still missing: {string.Join("; ", missing)}. Upload each as a material under this name first.",
                    ErrorCodes.AcceptanceMaterialsMissing, "materials");
            var now = time.GetUtcNow();
            var lapsed = row.SupplyStatus == AcceptanceModes.SupplyLapsed;
            row.SupplyStatus = AcceptanceModes.SupplySupplied;
            row.SuppliedAt = now;
            row.SuppliedBy = actor.Name;
            row.Revision++;
            await tracked.Timers.Where(t => t.Id == AcceptanceModeTimerKinds.TimerId(instanceId)).ExecuteDeleteAsync(ct);
            // A case suspended by the lapse counts again from today.
            if (lapsed && await tracked.Deadlines.SingleOrDefaultAsync(d => d.InstanceId == instanceId && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null, ct)
                    is { IsPaused: true } statutory)
                await deadlines.ResumeAsync(tracked, statutory, now);
            var waiting = await tracked.Bookmarks.Where(b => b.InstanceId == instanceId && b.Name == AcceptanceModes.DeferredMaterialsBookmark)
                .Select(b => b.Id).FirstOrDefaultAsync(ct);
            var entry = new JournalEntry(now, null, null, "DeferredMaterialsSupplied", Message: $"容缺材料已补齐：{string.Join("、", materials)}", Actor: actor.Name,
                Payload: new JsonObject { ["materials"] = new JsonArray(materials.Select(m => (JsonNode)m).ToArray()), ["resumedClock"] = lapsed });
            return new WorkflowRuntime.Decided(entry, waiting, new JsonObject { ["supplied"] = true }, Patch: state => SetStatus(state, AcceptanceModes.SupplySupplied));
        }, ct);
        return await db.Set<AcceptanceModeRecord>().AsNoTracking().SingleAsync(r => r.InstanceId == instanceId, ct);
    }

    internal static void SetStatus(WorkflowState state, string status)
    {
        if (state.Variables.GetValueOrDefault(AcceptanceModes.Variable) is JsonObject mode) mode["status"] = status;
    }

    public Task<AcceptanceModeRecord?> FindAsync(string instanceId, CancellationToken ct) =>
        db.Set<AcceptanceModeRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.InstanceId == instanceId, ct);
}

/// <summary>
/// Keeps the application's acceptance-mode record in step with the workflow, in the stimulus transaction: the chosen mode (with
/// the supply deadline's timer), the verification task of 告知承诺, and a false commitment's consequences.
/// </summary>
public sealed class AcceptanceModeEffectHandler(DeadlineService deadlines, CreditList credit) : IWorkflowEffectHandler
{
    public bool CanHandle(object effect) => effect is AcceptanceModeChosen or CommitmentVerificationOpened or CommitmentFoundFalse;

    public Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct) => effect.Effect switch
    {
        AcceptanceModeChosen chosen => ChosenAsync(context, chosen, ct),
        CommitmentVerificationOpened opened => OpenedAsync(context, opened, ct),
        CommitmentFoundFalse found => FalseAsync(context, found, ct),
        _ => Task.CompletedTask,
    };

    private static async Task OpenedAsync(StimulusContext context, CommitmentVerificationOpened opened, CancellationToken ct)
    {
        if (await context.Db.Set<AcceptanceModeRecord>().SingleOrDefaultAsync(r => r.InstanceId == context.Instance.Id, ct) is not { } row) return;
        row.VerificationStatus = VerificationStatuses.Pending;
        row.VerificationTaskId = opened.TaskId;
        row.VerificationDepartment = opened.Department;
        row.VerificationWorkingDays = opened.WorkingDays;
        row.Revision++;
    }

    /// <summary>
    /// 国办发〔2020〕42号: a false commitment revokes the approval and its licence and goes on the applicant's credit record.
    /// </summary>
    private async Task FalseAsync(StimulusContext context, CommitmentFoundFalse found, CancellationToken ct)
    {
        var (db, instance, now) = (context.Db, context.Instance, context.Now);
        if (await db.Set<AcceptanceModeRecord>().SingleOrDefaultAsync(r => r.InstanceId == instance.Id, ct) is { } row)
        {
            row.VerificationStatus = VerificationStatuses.False;
            row.VerifiedAt = now;
            row.VerifiedBy = context.Actor.Name;
            row.VerificationOpinion = found.Findings;
            row.Revision++;
        }
        // The approval's licences still in force are revoked in this same stimulus, so verification reports them at once.
        var inForce = await db.Set<CertificateRecord>().Where(c => c.InstanceId == instance.Id && c.RevokedAt == null && c.ReplacedBy == null)
            .Select(c => c.Number).ToListAsync(ct);
        foreach (var number in inForce)
        {
            var entry = await Licences.LicenceService.RevokeWithinAsync(db, number, $"告知承诺不实：{found.Findings}", Licences.LicenceReasonCodes.FalseCommitment, context.Actor.Name, context.Now, ct);
            InstanceJournal.Append(db, instance, entry, context.Actor);
        }
        var subjectId = instance.OwnerSubjectId ?? AcceptanceModeService.SubjectIdOf(instance);
        if (Approvals.Licences.IdentityNumbers.IsValidHolderId(subjectId) && await credit.BadMarkAsync(subjectId, null, ct) is null)
        {
            var reason = $"告知承诺不实（{instance.CorrelationId ?? instance.Id}）：{found.Findings}";
            await credit.AddAsync(new CreditMarkInput(subjectId, instance.OwnerSubjectName ?? instance.Applicant ?? subjectId, reason[..Math.Min(512, reason.Length)],
                null, "commitment-verification"), context.Actor.Name, ct, save: false);
        }
    }

    /// <summary>
    /// The 容缺 supply deadline: so many working days after the acceptance day on the process's calendar, never after the
    /// statutory due date. Used at acceptance and again when a holiday schedule moves the calendar.
    /// </summary>
    public static DateOnly SupplyDue(WorkingDayCalendar calendar, DateOnly acceptedOn, int workingDays, DateOnly? statutoryDue)
    {
        var due = calendar.AddWorkingDays(acceptedOn, workingDays);
        return statutoryDue is { } cap && cap < due ? cap : due;
    }

    /// <summary>The lapse timer: it fires on the first day after the supply deadline.</summary>
    public static TimerRecord LapseTimer(DeadlineService deadlines, string instanceId, DateOnly due) => new()
    {
        Id = AcceptanceModeTimerKinds.TimerId(instanceId), InstanceId = instanceId, Kind = AcceptanceModeTimerKinds.DeferredSupplyLapse,
        DueAt = deadlines.StartOfDay(due.AddDays(1)),
    };

    private async Task ChosenAsync(StimulusContext context, AcceptanceModeChosen chosen, CancellationToken ct)
    {
        var (db, instance, now) = (context.Db, context.Instance, context.Now);
        // A correction round accepts again: the latest acceptance is the one that counts.
        var row = await db.Set<AcceptanceModeRecord>().SingleOrDefaultAsync(r => r.InstanceId == instance.Id, ct);
        if (row is null)
        {
            row = new AcceptanceModeRecord { InstanceId = instance.Id, Mode = chosen.Mode, MaterialsJson = "[]", CommitmentSignedBy = "", AcceptedBy = "" };
            db.Add(row);
        }
        else row.Revision++;
        row.Mode = chosen.Mode;
        row.MaterialsJson = JsonSerializer.Serialize(chosen.Materials);
        row.CommitmentSignedBy = chosen.CommitmentSignedBy;
        row.CommitmentText = chosen.CommitmentText;
        row.AcceptedBy = context.Actor.Name;
        row.AcceptedAt = now;
        await db.Timers.Where(t => t.Id == AcceptanceModeTimerKinds.TimerId(instance.Id)).ExecuteDeleteAsync(ct);
        if (chosen.Mode == AcceptanceModes.Deferred)
        {
            // Never past the statutory limit: the clock started by this same acceptance bounds the supply deadline.
            var statutory = db.Deadlines.Local.FirstOrDefault(d => d.InstanceId == instance.Id && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null)
                            ?? await db.Deadlines.SingleOrDefaultAsync(d => d.InstanceId == instance.Id && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null, ct);
            var due = SupplyDue(deadlines.CalendarFor(instance.DefinitionId), deadlines.Today(now), chosen.SupplyWorkingDays, statutory?.DueDate);
            row.SupplyDueDate = due;
            row.LapseAction = chosen.LapseAction;
            row.SupplyStatus = AcceptanceModes.SupplyPending;
            row.SuppliedAt = null;
            row.SuppliedBy = null;
            row.LapsedAt = null;
            db.Timers.Add(LapseTimer(deadlines, instance.Id, due));
        }
        else row.VerificationStatus = VerificationStatuses.AwaitingDecision;
    }
}

/// <summary>
/// The supply deadline passed with deferred materials still missing: the case is terminated (the instance ends) or suspended
/// (the statutory clock pauses and the decision keeps waiting), as the step declares. One stimulus; the timer row goes with it.
/// </summary>
public sealed class DeferredSupplyLapse : ITimerHandler
{
    public string Kind => AcceptanceModeTimerKinds.DeferredSupplyLapse;

    public async Task HandleAsync(IServiceProvider services, TimerRecord timer, CancellationToken ct)
    {
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var deadlines = services.GetRequiredService<DeadlineService>();
        var time = services.GetRequiredService<TimeProvider>();
        await runtime.DecideAsync(timer.InstanceId, Actor.Timer, async db =>
        {
            if (await db.Timers.Where(t => t.Id == timer.Id).ExecuteDeleteAsync(ct) == 0)
                throw new ConflictException($"Timer {timer.Id} already fired.", ErrorCodes.TimerFired);
            var row = await db.Set<AcceptanceModeRecord>().SingleOrDefaultAsync(r => r.InstanceId == timer.InstanceId, ct);
            if (row is not { SupplyStatus: AcceptanceModes.SupplyPending }) return new WorkflowRuntime.Decided(null);
            var now = time.GetUtcNow();
            // A holiday schedule applied after this timer was claimed moved the deadline later (and re-added the timer under
            // the same id, which the delete above just removed): keep waiting for the new date.
            if (row.SupplyDueDate is { } stillDue && deadlines.Today(now) <= stillDue)
            {
                db.Timers.Add(AcceptanceModeEffectHandler.LapseTimer(deadlines, timer.InstanceId, stillDue));
                return new WorkflowRuntime.Decided(null);
            }
            row.SupplyStatus = AcceptanceModes.SupplyLapsed;
            row.LapsedAt = now;
            row.Revision++;
            var missing = JsonSerializer.Deserialize<List<string>>(row.MaterialsJson)!;
            var payload = new JsonObject
            {
                ["materials"] = new JsonArray(missing.Select(m => (JsonNode)m).ToArray()), ["dueDate"] = row.SupplyDueDate?.ToString("O"), ["action"] = row.LapseAction,
            };
            if (row.LapseAction == AcceptanceModes.LapseSuspend)
            {
                if (await db.Deadlines.SingleOrDefaultAsync(d => d.InstanceId == timer.InstanceId && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null, ct)
                        is { IsPaused: false } statutory)
                    await deadlines.PauseAsync(db, statutory, "容缺材料逾期未补齐，中止办理", now);
                return new WorkflowRuntime.Decided(new JournalEntry(now, null, null, "DeferredMaterialsLapsed",
                        Message: $"容缺材料逾期未补齐（期限 {row.SupplyDueDate:yyyy-MM-dd}），中止办理，暂停计时：{string.Join("、", missing)}", Payload: payload),
                    Patch: state => AcceptanceModeService.SetStatus(state, AcceptanceModes.SupplyLapsed));
            }
            return new WorkflowRuntime.Decided(new JournalEntry(now, null, null, "DeferredMaterialsLapsed",
                    Message: $"容缺材料逾期未补齐（期限 {row.SupplyDueDate:yyyy-MM-dd}），终止办理：{string.Join("、", missing)}", Payload: payload),
                Patch: state => AcceptanceModeService.SetStatus(state, AcceptanceModes.SupplyLapsed),
                CancelReason: $"容缺材料逾期未补齐，终止办理（{string.Join("、", missing)}）");
        }, ct);
    }
}
