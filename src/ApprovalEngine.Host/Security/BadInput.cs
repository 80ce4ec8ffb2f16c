using System.Text.Json;
using ApprovalEngine.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalEngine.Host.Security;

public static class BadInput
{
    /// <summary>A request ASP.NET could not bind (JSON of the wrong shape, a query value of the wrong type, a body too large).</summary>
    public static ProblemDetails Problem(BadHttpRequestException e)
    {
        var json = e.InnerException as JsonException;
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : null;
        var details = new ProblemDetails
        {
            Status = e.StatusCode,
            Title = e.StatusCode == 413 ? "Too large" : "Bad request",
            Detail = json is null ? e.Message : field is null ? $"{e.Message} {json.Message}" : $"'{field}' has the wrong type or format: {json.Message}",
            Extensions = { ["code"] = e.StatusCode == 400 ? ErrorCodes.RequestMalformed : ErrorCodes.ForStatus(e.StatusCode) },
        };
        if (field is not null) details.Extensions["field"] = field;
        return details;
    }
}
