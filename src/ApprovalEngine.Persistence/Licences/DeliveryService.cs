using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Licences;

/// <summary>What the window records about a certificate's way to its holder; absent members keep what was recorded.</summary>
public sealed record DeliveryFacts(
    string? CertificateNumber, string? Method, string? Recipient, string? Phone, string? Address, string? Courier, string? TrackingNumber,
    DateOnly? PostedOn, DateOnly? DeliveredOn);

/// <summary>A certificate of the application, how it is delivered, and its Art. 44 clock.</summary>
public sealed record DeliveryStatus(string CertificateNumber, DeliveryRecord? Delivery, DeadlineRecord? Deadline);

/// <summary>
/// Delivery of certificates (Administrative License Law Art. 44): collected at the window, or posted by express. The
/// first record and every later one (posted, then delivered) are each one stimulus; the delivered date stops the clock.
/// </summary>
public sealed class DeliveryService(ApprovalDbContext db, WorkflowRuntime runtime, DeadlineService deadlines, TimeProvider time)
{
    public const string Window = "window", Express = "express";

    /// <summary>Every certificate of the application (first issue and replacements) with its delivery and clock.</summary>
    public async Task<List<DeliveryStatus>> ListAsync(string instanceId, CancellationToken ct = default)
    {
        var numbers = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.InstanceId == instanceId).OrderBy(c => c.IssuedAt).Select(c => c.Number).ToListAsync(ct);
        var deliveries = await db.Set<DeliveryRecord>().AsNoTracking().Where(d => d.InstanceId == instanceId).ToDictionaryAsync(d => d.CertificateNumber, ct);
        var clocks = await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == instanceId && d.Kind == DeadlineKind.Delivery).ToListAsync(ct);
        return numbers.Select(n => new DeliveryStatus(n, deliveries.GetValueOrDefault(n), clocks.FirstOrDefault(d => d.TaskId == n))).ToList();
    }

    /// <summary>Records (or completes) the delivery of one certificate of the application. Bad facts: 400 naming the field, nothing changes.</summary>
    public async Task<DeliveryRecord> RecordAsync(string instanceId, DeliveryFacts facts, Actor actor, CancellationToken ct = default)
    {
        var certificates = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.InstanceId == instanceId).OrderBy(c => c.IssuedAt).ToListAsync(ct);
        if (certificates.Count == 0)
        {
            if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) throw new NotFoundException($"Application '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound);
            throw new ConflictException("The application has no certificate (yet) to deliver.", ErrorCodes.CertificateNotFound, "certificateNumber");
        }
        var number = facts.CertificateNumber?.Trim();
        var certificate = string.IsNullOrEmpty(number)
            ? certificates.LastOrDefault(c => c.ReplacedBy is null) ?? certificates[^1]
            : certificates.SingleOrDefault(c => c.Number == number)
              ?? throw new NotFoundException($"Certificate '{number}' is not one of this application's.", ErrorCodes.CertificateNotFound, "certificateNumber");

        var today = deadlines.Today(time.GetUtcNow());
        var issuedOn = deadlines.Today(certificate.IssuedAt);
        string? Text(string? value, string field, int max)
        {
            var v = value?.Trim();
            if (v is { Length: 0 }) v = null;
            if (v?.Length > max) throw new BadRequestException($"'{field}' must be at most {max} characters.", ErrorCodes.ValidationField, field);
            return v;
        }
        void Day(DateOnly? day, string field)
        {
            if (day > today) throw new BadRequestException($"'{field}' ({day:yyyy-MM-dd}) is in the future.", ErrorCodes.ValidationField, field);
            if (day < issuedOn) throw new BadRequestException($"'{field}' ({day:yyyy-MM-dd}) is before the certificate was issued ({issuedOn:yyyy-MM-dd}).", ErrorCodes.ValidationField, field);
        }
        var recipient = Text(facts.Recipient, "recipient", 128);
        var phone = Text(facts.Phone, "phone", 32);
        var address = Text(facts.Address, "address", 500);
        var courier = Text(facts.Courier, "courier", 64);
        var tracking = Text(facts.TrackingNumber, "trackingNumber", 64);
        Day(facts.PostedOn, "postedOn");
        Day(facts.DeliveredOn, "deliveredOn");

        DeliveryRecord? saved = null;
        await runtime.RecordAsync(instanceId, actor, async tracked =>
        {
            var record = await tracked.Set<DeliveryRecord>().SingleOrDefaultAsync(d => d.CertificateNumber == certificate.Number, ct);
            if (record?.DeliveredOn is { } done)
                throw new ConflictException($"Certificate {certificate.Number} was delivered on {done:yyyy-MM-dd}; the delivery is closed.", ErrorCodes.DeliveryInvalid, "deliveredOn");
            var method = facts.Method?.Trim() ?? record?.Method;
            if (method is not (Window or Express))
                throw new BadRequestException("'method' must be \"window\" (collected at the window) or \"express\".", ErrorCodes.ValidationField, "method");
            var now = time.GetUtcNow();
            if (record is null)
            {
                record = new DeliveryRecord { CertificateNumber = certificate.Number, InstanceId = instanceId, Method = method, RecordedBy = actor.Name, RecordedAt = now };
                tracked.Add(record);
            }
            record.Method = method;
            record.Recipient = recipient ?? record.Recipient;
            record.Phone = phone ?? record.Phone;
            record.Address = address ?? record.Address;
            record.Courier = courier ?? record.Courier;
            record.TrackingNumber = tracking ?? record.TrackingNumber;
            record.PostedOn = facts.PostedOn ?? record.PostedOn;
            record.DeliveredOn = facts.DeliveredOn;
            record.RecordedBy = actor.Name;
            record.RecordedAt = now;
            record.Revision++;
            if (method == Express)
            {
                // Express needs where it went and how to trace it; the posting date comes with the tracking number.
                if (record.Address is null) throw new BadRequestException("An express delivery needs the 'address'.", ErrorCodes.ValidationField, "address");
                if (record.Courier is null) throw new BadRequestException("An express delivery needs the 'courier'.", ErrorCodes.ValidationField, "courier");
                if (record.TrackingNumber is null) throw new BadRequestException("An express delivery needs the 'trackingNumber'.", ErrorCodes.ValidationField, "trackingNumber");
                if (record.PostedOn is null) throw new BadRequestException("An express delivery needs 'postedOn'.", ErrorCodes.ValidationField, "postedOn");
                if (record.DeliveredOn < record.PostedOn)
                    throw new BadRequestException($"'deliveredOn' ({record.DeliveredOn:yyyy-MM-dd}) is before 'postedOn' ({record.PostedOn:yyyy-MM-dd}).", ErrorCodes.ValidationField, "deliveredOn");
            }
            else if (record.DeliveredOn is null)
                throw new BadRequestException("A collection at the window is recorded with the day it was collected ('deliveredOn').", ErrorCodes.ValidationField, "deliveredOn");

            if (record.DeliveredOn is { } delivered
                && await tracked.Deadlines.SingleOrDefaultAsync(d => d.InstanceId == instanceId && d.Kind == DeadlineKind.Delivery && d.TaskId == certificate.Number && d.CompletedAt == null, ct) is { } clock)
                // The clock stops on the day the holder had it, which may be before the window records it.
                await deadlines.CompleteAsync(tracked, clock, Latest(deadlines.StartOfDay(delivered), clock.StartedAt), "Delivered");
            saved = record;
            return new JournalEntry(now, null, null, record.DeliveredOn is null ? "CertificatePosted" : "CertificateDelivered",
                Message: $"{certificate.Number}: {method}{(record.TrackingNumber is null ? "" : $" {record.Courier} {record.TrackingNumber}")}", Actor: actor.Name,
                Payload: new JsonObject
                {
                    ["certificateNumber"] = certificate.Number, ["method"] = method, ["courier"] = record.Courier, ["trackingNumber"] = record.TrackingNumber,
                    ["postedOn"] = record.PostedOn?.ToString("O"), ["deliveredOn"] = record.DeliveredOn?.ToString("O"),
                });
        }, ct);
        return saved!;
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
