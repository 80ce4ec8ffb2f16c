using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Deadlines;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Licences;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApprovalEngine.Host.Licences;

/// <summary>
/// Body of POST /api/instances/{id}/delivery. <c>method</c>: window (give <c>deliveredOn</c>, the day it was collected)
/// or express (<c>address</c>, <c>courier</c>, <c>trackingNumber</c>, <c>postedOn</c>; later <c>deliveredOn</c>). Dates
/// are yyyy-MM-dd. <c>certificateNumber</c> defaults to the licence in force.
/// </summary>
public sealed record DeliveryRequest(
    string? CertificateNumber, string? Method, string? Recipient, string? Phone, string? Address, string? Courier, string? TrackingNumber,
    DateOnly? PostedOn, DateOnly? DeliveredOn);

/// <summary>A certificate of the application, its delivery (null members: not recorded yet) and the Art. 44 clock.</summary>
public sealed record DeliveryView(
    string CertificateNumber, string? Method, string? Recipient, string? Phone, string? Address, string? Courier, string? TrackingNumber,
    DateOnly? PostedOn, DateOnly? DeliveredOn, string? RecordedBy, DateTimeOffset? RecordedAt, DeadlineView? Deadline);

/// <summary>Certificate delivery (送达): at the window or by express, with the Art. 44 clock as a tracked deadline.</summary>
public static class DeliveryApi
{
    public static void MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var delivery = app.MapGroup("/api/instances/{id}/delivery").WithTags("Delivery");
        delivery.MapGet("/", List).RequireAuthorization(Policies.Staff);
        delivery.MapPost("/", Record).RequireAuthorization(Policies.Intake);
    }

    /// <summary>The delivery address and phone are the applicant's personal data: need-to-know, and the read is logged.</summary>
    public static async Task<Ok<List<DeliveryView>>> List(string id, DeliveryService deliveries, DeadlineService deadlines,
        Persistence.Access.ApplicationAccess access, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "delivery", ct);
        return TypedResults.Ok(await ViewsAsync(id, deliveries, deadlines, time, ct));
    }

    /// <summary>Records how the certificate went out (and, later, the day it arrived): one stimulus; the delivered day stops the clock.</summary>
    public static async Task<Ok<List<DeliveryView>>> Record(string id, DeliveryRequest request, DeliveryService deliveries, DeadlineService deadlines,
        Persistence.Access.ApplicationAccess access, IActorAccessor actors, TimeProvider time, CancellationToken ct)
    {
        // The answer lists every delivery with recipient, phone and address: a read of personal data, recorded as such once the
        // write succeeded (a refused request changes nothing, the access log included).
        await access.EnsureCanReadAsync(id, null, ct);
        await deliveries.RecordAsync(id, new DeliveryFacts(request.CertificateNumber, request.Method, request.Recipient, request.Phone, request.Address,
            request.Courier, request.TrackingNumber, request.PostedOn, request.DeliveredOn), actors.Current, ct);
        await access.RecordReadAsync(id, "delivery", ct);
        return TypedResults.Ok(await ViewsAsync(id, deliveries, deadlines, time, ct));
    }

    private static async Task<List<DeliveryView>> ViewsAsync(string id, DeliveryService deliveries, DeadlineService deadlines, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        return (await deliveries.ListAsync(id, ct)).Select(s => new DeliveryView(s.CertificateNumber, s.Delivery?.Method, s.Delivery?.Recipient, s.Delivery?.Phone,
            s.Delivery?.Address, s.Delivery?.Courier, s.Delivery?.TrackingNumber, s.Delivery?.PostedOn, s.Delivery?.DeliveredOn, s.Delivery?.RecordedBy,
            s.Delivery?.RecordedAt, s.Deadline is null ? null : DeadlineView.From(s.Deadline, deadlines.Standing(s.Deadline, now)))).ToList();
    }
}
