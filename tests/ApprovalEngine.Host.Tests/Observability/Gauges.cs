using System.Diagnostics.Metrics;

namespace ApprovalEngine.Host.Tests.Observability;

/// <summary>Reads observable instruments now, as an exporter's collection would (not through a scrape, which mixes every host in the process).</summary>
public static class Gauges
{
    public sealed record Measurement(double Value, IReadOnlyDictionary<string, object?> Tags);

    /// <summary>Every measurement of the instruments named <paramref name="instrument"/>, of <paramref name="meter"/> only when given.</summary>
    public static List<Measurement> Read(string instrument, Meter? meter = null)
    {
        var measurements = new List<Measurement>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (i, l) => { if ((meter is null || i.Meter == meter) && i.Name == instrument) l.EnableMeasurementEvents(i); },
        };
        void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags) copy[tag.Key] = tag.Value;
            measurements.Add(new Measurement(value, copy));
        }
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Record(value, tags));
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) => Record(value, tags));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record(value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return measurements;
    }
}
