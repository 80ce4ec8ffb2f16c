using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Timers;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Deadlines;

/// <summary>
/// Fires deadline timers: a warning to the department, and on overdue the task is flagged and the head of
/// department and the supervising office are notified through the outbox. The timer row is deleted in the same
/// transaction, so a timer whose lease expired on another replica finds nothing left to do.
/// </summary>
public sealed class DeadlineEscalation(string kind) : ITimerHandler
{
    public string Kind => kind;

    public async Task HandleAsync(IServiceProvider services, TimerRecord timer, CancellationToken ct)
    {
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        var deadlines = services.GetRequiredService<DeadlineService>();
        var time = services.GetRequiredService<TimeProvider>();
        var deadlineId = JsonNode.Parse(timer.PayloadJson!)!["deadlineId"]!.GetValue<string>();
        await runtime.RecordAsync(timer.InstanceId, Actor.Timer, async db =>
        {
            var row = await db.Timers.SingleOrDefaultAsync(t => t.Id == timer.Id, ct)
                      ?? throw new ConflictException($"Timer {timer.Id} already fired.", ErrorCodes.TimerFired);
            db.Timers.Remove(row);
            var deadline = await db.Deadlines.SingleAsync(d => d.Id == deadlineId, ct);
            if (deadline.CompletedAt is not null || deadline.IsPaused) return null;
            var now = time.GetUtcNow();
            var standing = deadlines.Standing(deadline, now);
            var payload = new JsonObject
            {
                ["deadlineId"] = deadline.Id, ["label"] = deadline.Label, ["department"] = deadline.Department, ["dueDate"] = standing.Due.ToString("O"),
                ["workingDaysUsed"] = standing.Used, ["workingDaysLeft"] = standing.Left, ["taskId"] = deadline.TaskId, ["instanceId"] = deadline.InstanceId,
            };
            if (kind == DeadlineTimerKinds.Warning)
            {
                deadline.WarnedAt = now;
                deadline.Revision++;
                await deadlines.ArmOverdueAsync(db, deadline, standing, ct);
                Notify(db, deadline.Department ?? "bureau", "deadline.warning", deadline, payload, now);
                return new JournalEntry(now, deadline.ActivityId, null, "DeadlineWarning",
                    Message: $"{deadline.Label}: {standing.Left} working day(s) left, due {standing.Due:yyyy-MM-dd}", Payload: payload);
            }
            deadline.OverdueAt = now;
            deadline.Revision++;
            if (deadline.TaskId is not null && await db.Tasks.SingleOrDefaultAsync(t => t.Id == deadline.TaskId, ct) is { } task)
            {
                task.IsOverdue = true;
                task.Revision++;
            }
            Notify(db, $"head:{deadline.Department ?? "bureau"}", "deadline.overdue", deadline, payload, now);
            Notify(db, deadlines.Options.SupervisingOffice, "deadline.overdue", deadline, payload, now);
            return new JournalEntry(now, deadline.ActivityId, null, "DeadlineOverdue",
                Message: $"{deadline.Label} is overdue (due {standing.Due:yyyy-MM-dd}); escalated to the head of department and {deadlines.Options.SupervisingOffice}", Payload: payload);
        }, ct);
    }

    private static void Notify(ApprovalDbContext db, string recipient, string topic, DeadlineRecord deadline, JsonObject payload, DateTimeOffset now) =>
        db.Outbox.Add(new OutboxRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), Channel = OutboxChannels.Notification, Recipient = recipient, Topic = topic,
            InstanceId = deadline.InstanceId, PayloadJson = payload.ToJsonString(), IdempotencyKey = $"{topic}:{deadline.Id}:{recipient}:{deadline.ExtensionWorkingDays}",
            CreatedAt = now, NextAttemptAt = now, DeliveredAt = now,
        });
}
