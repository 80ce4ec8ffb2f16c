using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ApprovalEngine.Persistence.Telemetry;

/// <summary>
/// The engine's own spans and instruments. Static (one per process), so the engine needs no OpenTelemetry package:
/// the host subscribes to the source and meter by <see cref="Name"/> and exports them.
/// </summary>
public static class EngineTelemetry
{
    public const string Name = "ApprovalEngine";

    public static readonly ActivitySource Source = new(Name);
    public static readonly Meter Meter = new(Name);

    // Span tag names (OpenTelemetry style: dotted, our namespace first). Metric labels are short (kind, definition,
    // outcome, department) because Prometheus shows them on every series.
    public const string InstanceTag = "approvalengine.instance.id";
    public const string DefinitionTag = "approvalengine.definition.id";
    public const string DefinitionVersionTag = "approvalengine.definition.version";
    public const string ActivityTag = "approvalengine.activity.id";
    public const string KindTag = "approvalengine.kind";
    public const string OutcomeTag = "approvalengine.outcome";

    /// <summary>Stimuli applied (or refused), by kind (start, resume, cancel, record), definition and outcome.</summary>
    public static readonly Counter<long> Stimuli = Meter.CreateCounter<long>("approvalengine.stimuli", "{stimulus}",
        "Stimuli applied to workflow instances");

    /// <summary>Wall time of one stimulus including its transaction and retries.</summary>
    public static readonly Histogram<double> StimulusDuration = Meter.CreateHistogram("approvalengine.stimulus.duration", "s",
        "Duration of one stimulus (engine run and its transaction)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>How late a timer fired relative to its due time (poll interval, backlog, lease expiries).</summary>
    public static readonly Histogram<double> TimerLag = Meter.CreateHistogram("approvalengine.timer.lag", "s",
        "Time between a durable timer's due time and its firing",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600] });

    public static readonly Counter<long> TimersFired = Meter.CreateCounter<long>("approvalengine.timers.fired", "{timer}",
        "Durable timers handled, by kind and outcome (fired, obsolete, failed)");

    public static readonly Counter<long> OutboxDeliveries = Meter.CreateCounter<long>("approvalengine.outbox.deliveries", "{delivery}",
        "Webhook delivery attempts, by outcome (delivered, failed)");

    /// <summary>The outcome tag of a failed operation: the caller's fault (conflict, not-found, bad-request) or ours (error).</summary>
    public static string OutcomeOf(Exception e) => e switch
    {
        ConflictException => "conflict",
        NotFoundException => "not-found",
        BadRequestException => "bad-request",
        ForbiddenException => "forbidden",
        OperationCanceledException => "cancelled",
        _ => "error",
    };
}
