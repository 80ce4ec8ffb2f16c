using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Persistence.Live;

/// <summary>
/// One row of the change feed behind GET /api/events: a task opened, claimed, released, completed or cancelled, or a
/// notification stored. Written by the same SaveChanges as the change itself, so it commits or rolls back with it, and
/// every replica reads the same feed in id order.
/// </summary>
public sealed class LiveEventRecord
{
    public long Id { get; set; }
    /// <summary><c>task</c> or <c>notification</c> (the SSE event name).</summary>
    public required string Kind { get; set; }
    /// <summary>Who may see it: the task's department, or the notification's recipient (a department or <c>head:{department}</c>).</summary>
    public required string Audience { get; set; }
    public required string DataJson { get; set; }
}

public static class LiveEventKinds
{
    public const string Task = "task";
    public const string Notification = "notification";
}

/// <summary>Turns the tracked changes of a SaveChanges into change-feed rows, before they are written.</summary>
public static class LiveEventCapture
{
    /// <remarks>
    /// Detects changes once; the caller saves with automatic detection off (see ApprovalDbContext.SaveChangesAsync):
    /// each further pass compares every property of every tracked row (the instance's state JSON among them).
    /// </remarks>
    public static void Capture(ApprovalDbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var events = new List<LiveEventRecord>();
        foreach (var entry in db.ChangeTracker.Entries<TaskRecord>())
        {
            var change = entry.State switch
            {
                EntityState.Added => "opened",
                EntityState.Modified when entry.Property(t => t.Status).IsModified => entry.Entity.Status switch
                {
                    TaskStatus.Claimed => "claimed",
                    TaskStatus.Open => "released",
                    TaskStatus.Completed => "completed",
                    _ => "cancelled",
                },
                _ => null,
            };
            if (change is null) continue;
            var task = entry.Entity;
            events.Add(new LiveEventRecord
            {
                Kind = LiveEventKinds.Task, Audience = task.Department,
                DataJson = new JsonObject { ["taskId"] = task.Id, ["instanceId"] = task.InstanceId, ["department"] = task.Department, ["change"] = change }.ToJsonString(),
            });
        }
        foreach (var entry in db.ChangeTracker.Entries<OutboxRecord>())
        {
            if (entry.State != EntityState.Added || entry.Entity.Channel != OutboxChannels.Notification) continue;
            var n = entry.Entity;
            events.Add(new LiveEventRecord
            {
                Kind = LiveEventKinds.Notification, Audience = n.Recipient,
                DataJson = new JsonObject { ["id"] = n.Id, ["recipient"] = n.Recipient, ["topic"] = n.Topic, ["instanceId"] = n.InstanceId, ["createdAt"] = n.CreatedAt }.ToJsonString(),
            });
        }
        db.LiveEvents.AddRange(events);
    }
}
