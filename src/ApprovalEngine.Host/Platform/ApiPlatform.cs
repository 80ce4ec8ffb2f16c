using System.Text.Json.Serialization;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Definitions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;
using Serilog;
using ApprovalEngine.Host.Security;

namespace ApprovalEngine.Host.Platform;

public static class ApiPlatform
{
    public static void AddApiPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        // Every problem response carries a stable "code" (ErrorCodes); those nobody gave one get the generic code of their status.
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", ErrorCodes.ForStatus(status));
            // Bare status responses (unknown route, empty 404) still tell the caller in words what happened.
            var request = ctx.HttpContext.Request;
            ctx.ProblemDetails.Detail ??= status switch
            {
                404 => $"Nothing was found at {request.Path}.",
                405 => $"{request.Method} is not allowed on {request.Path}.",
                _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            };
            // Elsa Studio reads any problem answer as validation errors and toasts the messages under "errors" (else an empty toast).
            if (request.Path.StartsWithSegments(Studio.StudioSetup.ElsaApiPrefix) && ctx.ProblemDetails is not HttpValidationProblemDetails)
                ctx.ProblemDetails.Extensions.TryAdd("errors", new Dictionary<string, string[]>
                {
                    [ctx.ProblemDetails.Extensions.TryGetValue("field", out var field) && field is string name ? name : "request"] = [ctx.ProblemDetails.Detail ?? ""],
                });
        });
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddOpenApi();
        builder.AddInputGuard();
    }

    public static void UseApiPlatform(this WebApplication app)
    {
        // Outside the exception handler, so a handled 400/409 is logged with the status the client received.
        app.UseSerilogRequestLogging(o => o.GetLevel = (http, _, error) =>
            error is not null || http.Response.StatusCode >= 500 ? Serilog.Events.LogEventLevel.Error
            // A designer page load fetches ~150 static Studio files; they would drown the API requests.
            : http.Request.Path.StartsWithSegments("/_framework") || http.Request.Path.StartsWithSegments("/_content") ? Serilog.Events.LogEventLevel.Verbose
            : Serilog.Events.LogEventLevel.Information);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<Security.InputGuard>();
        app.MapOpenApi();
        app.MapScalarApiReference("/scalar");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Calendar.HealthJson.WriteAsync });
    }
}

/// <summary>Turns the errors a user can cause into RFC 7807 responses; everything else stays a logged 500.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails? details = exception switch
        {
            WorkflowValidationException e => Problem(400, "The workflow definition is invalid", $"{e.Problems.Count} problem(s) found; nothing was saved.",
                ErrorCodes.DefinitionInvalid, problems: e.Problems.Select(p => new { p.ActivityId, p.Message }).ToList()),
            BadRequestException e => Problem(400, "Bad request", e.Message, e.Code, e.Field),
            Applicants.FormInvalidException e => Problem(400, "Bad request", e.Message, e.Code, e.Field,
                problems: e.Errors.Select(x => new { field = x.Field, message = x.Message }).ToList()),
            BadHttpRequestException e => Security.BadInput.Problem(e),
            NotFoundException e => Problem(404, "Not found", e.Message, e.Code),
            ConflictException e => Problem(409, "Conflict", e.Message, e.Code),
            ForbiddenException e => Problem(403, "Forbidden", e.Message, e.Code),
            TooLargeException e => Problem(413, "Too large", e.Message, e.Code, e.Field),
            DbUpdateConcurrencyException => Problem(409, "Conflict", "The resource was changed concurrently; reload and try again.", ErrorCodes.ConcurrentChange),
            _ when Security.DatabaseOutage.Is(exception) => Security.DatabaseOutage.Problem(http),
            _ when Security.BadInput.DataError(exception) is { } data => data,
            _ => null,
        };
        if (details is null) return false;
        if (exception is ApiException { Code: { } code }) details.Extensions["code"] = code;
        if (exception is ApiException { Field: { } field }) details.Extensions["field"] = field;
        http.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string detail, string code, string? field = null, object? problems = null)
    {
        var details = new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["code"] = code } };
        if (field is not null) details.Extensions["field"] = field;
        if (problems is not null) details.Extensions["problems"] = problems;
        return details;
    }
}
