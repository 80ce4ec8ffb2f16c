using System.Text.Json.Serialization;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Definitions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Scalar.AspNetCore;
using Serilog;

namespace ApprovalEngine.Host.Platform;

public static class ApiPlatform
{
    public static void AddApiPlatform(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<DomainExceptionHandler>();
        builder.Services.AddOpenApi();
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
        app.MapOpenApi();
        app.MapScalarApiReference("/scalar");
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
    }
}

/// <summary>Turns the errors a user can cause into RFC 7807 responses; everything else stays a logged 500.</summary>
public sealed class DomainExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        ProblemDetails? details = exception switch
        {
            WorkflowValidationException e => new ProblemDetails
            {
                Status = 400, Title = "The workflow definition is invalid",
                Detail = $"{e.Problems.Count} problem(s) found; nothing was saved.",
                Extensions = { ["problems"] = e.Problems.Select(p => new { p.ActivityId, p.Message }).ToList() },
            },
            BadRequestException e => new ProblemDetails { Status = 400, Title = "Bad request", Detail = e.Message },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "Bad request", Detail = e.Message },
            NotFoundException e => new ProblemDetails { Status = 404, Title = "Not found", Detail = e.Message },
            ConflictException e => new ProblemDetails { Status = 409, Title = "Conflict", Detail = e.Message },
            ForbiddenException e => new ProblemDetails { Status = 403, Title = "Forbidden", Detail = e.Message },
            TooLargeException e => new ProblemDetails { Status = 413, Title = "Too large", Detail = e.Message },
            DbUpdateConcurrencyException => new ProblemDetails { Status = 409, Title = "Conflict", Detail = "The resource was changed concurrently; reload and try again." },
            _ => null,
        };
        if (details is null) return false;
        if (exception is ApiException { Code: { } code }) details.Extensions["code"] = code;
        if (exception is ApiException { Field: { } field }) details.Extensions["field"] = field;
        http.Response.StatusCode = details.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = details, Exception = exception });
    }
}
