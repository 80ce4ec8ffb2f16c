using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Timers;

/// <summary>
/// Elsa's Cron and Timer with <c>canStartWorkflow</c>: recurring triggers of the published version. Each is one row in the
/// timer table (kind <see cref="Kind"/>, keyed by definition and activity, <see cref="TimerRecord.InstanceId"/> = the published
/// version id), written when the version is published and removed when it is superseded or retracted. Firing starts an
/// instance at the trigger and moves the row to the next occurrence in the same transaction, under the sweeper's lease: an
/// occurrence starts one instance across replicas, and a host that dies mid-way leaves the row to fire again later.
/// Occurrences missed while no host ran are not made up: the next one is counted from now.
/// </summary>
public static class RecurringTriggers
{
    public const string Kind = "RecurringTrigger";
    public static readonly Actor Actor = new("system:trigger", ["system"]);

    private static readonly string[] Types = ["Elsa.Cron", "Elsa.Timer"];

    /// <summary>Timer ids fit the 64-character column whatever the definition id: a hash prefix per definition, then per activity.</summary>
    private static string Prefix(string definitionId) => "trg:" + Hash(definitionId)[..24] + ":";
    private static string TimerId(string definitionId, string activityId) => Prefix(definitionId) + Hash(activityId)[..24];
    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static IEnumerable<ActivityNode> Of(Flowchart flowchart) =>
        flowchart.Activities.Values.Where(n => n.CanStartWorkflow && Types.Contains(n.Type));

    /// <summary>When the trigger fires next after <paramref name="after"/>; null when its schedule is not a literal value.</summary>
    public static DateTimeOffset? Next(ActivityNode node, DateTimeOffset after)
    {
        if (node.Type == "Elsa.Cron")
            return Literal(node, "cronExpression") is { } cron ? Workflows.Activities.Flow.Cron.Next(cron, after) : null;
        return Literal(node, "interval") is { } text && TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero
            ? after + interval
            : null;
    }

    private static string? Literal(ActivityNode node, string input) =>
        node.Inputs.GetValueOrDefault(input) is { ExpressionType: "Literal", Value: JsonValue v } && v.TryGetValue<string>(out var s) && s.Trim().Length > 0 ? s.Trim() : null;

    /// <summary>
    /// Replaces the definition's trigger rows with those of <paramref name="published"/> (none when null: retracted), in the
    /// caller's transaction.
    /// </summary>
    /// <exception cref="BadRequestException">A recurring trigger's schedule is not a literal the host can compute.</exception>
    public static async Task ScheduleAsync(ApprovalDbContext db, string definitionId, DefinitionVersionRecord? published, Flowchart? flowchart, DateTimeOffset now, CancellationToken ct)
    {
        var prefix = Prefix(definitionId);
        await db.Timers.Where(t => t.Kind == Kind && t.Id.StartsWith(prefix)).ExecuteDeleteAsync(ct);
        if (published is null || flowchart is null) return;
        foreach (var node in Of(flowchart))
        {
            var due = Next(node, now)
                      ?? throw new BadRequestException($"Activity '{node.Id}' starts the workflow on a schedule, but its {(node.Type == "Elsa.Cron" ? "cron expression" : "interval")} " +
                                                       "is not a literal value with a future occurrence; recurring triggers need a fixed schedule.", ErrorCodes.DefinitionInvalid, node.Id);
            db.Timers.Add(new TimerRecord
            {
                Id = TimerId(definitionId, node.Id), InstanceId = published.Id, Kind = Kind, DueAt = due,
                PayloadJson = new JsonObject { ["definitionId"] = definitionId, ["activityId"] = node.Id }.ToJsonString(),
            });
        }
    }

    /// <summary>Starts one instance for a due trigger row and moves the row on, together.</summary>
    public sealed class Handler(TimeProvider time) : ITimerHandler
    {
        public string Kind => RecurringTriggers.Kind;

        public async Task HandleAsync(IServiceProvider services, TimerRecord timer, CancellationToken ct)
        {
            var payload = JsonNode.Parse(timer.PayloadJson!)!.AsObject();
            var definitionId = payload["definitionId"]!.GetValue<string>();
            var activityId = payload["activityId"]!.GetValue<string>();
            var definitions = services.GetRequiredService<DefinitionStore>();
            var version = await definitions.ForExecutionAsync(timer.InstanceId, ct);
            var node = version is null ? null : definitions.Flowchart(version).Activities.GetValueOrDefault(activityId);
            // Publishing another version replaces the row in the same transaction; a row of another version is a leftover.
            if (node is null || (await definitions.PublishedAsync(definitionId, ct))?.Id != timer.InstanceId)
                throw new ConflictException($"Recurring trigger '{activityId}' of '{definitionId}' belongs to a version that is no longer published.", ErrorCodes.DefinitionNotPublished);
            var now = time.GetUtcNow();
            var next = Next(node, now > timer.DueAt ? now : timer.DueAt);
            await services.GetRequiredService<WorkflowRuntime>().StartAsync(definitionId, null, null, Actor, ct,
                trigger: new WorkflowTrigger(activityId, null),
                inTransaction: async db =>
                {
                    // Still ours? Another host that took the row after our lease expired must not start the occurrence twice.
                    var moved = next is { } due
                        ? await db.Timers.Where(t => t.Id == timer.Id && t.LockedBy == timer.LockedBy)
                            .ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, due).SetProperty(t => t.LockedUntil, (DateTimeOffset?)null)
                                .SetProperty(t => t.LockedBy, (string?)null).SetProperty(t => t.Attempts, 0), ct)
                        : await db.Timers.Where(t => t.Id == timer.Id && t.LockedBy == timer.LockedBy).ExecuteDeleteAsync(ct);
                    if (moved == 0) throw new LeaseLostException(timer.Id);
                });
        }
    }

    /// <summary>Another host holds the trigger row now; this host's start is rolled back.</summary>
    public sealed class LeaseLostException(string timerId) : Exception($"The lease on trigger timer {timerId} was lost; another host fires it.");
}
