namespace ApprovalEngine.Persistence;

/// <summary>
/// An error the caller caused. <see cref="Code"/> is a stable machine code (one of <see cref="ErrorCodes"/>) the
/// front end translates, and <see cref="Field"/> names the offending input; both are copied into the problem
/// details response, whose detail stays the English message.
/// </summary>
public abstract class ApiException(string message, string code, string? field) : Exception(message)
{
    public string Code { get; } = code;
    public string? Field { get; } = field;
}

/// <summary>The addressed thing does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message, string code = ErrorCodes.NotFound, string? field = null) : ApiException(message, code, field);

/// <summary>The request is valid but conflicts with the current state (HTTP 409); nothing was changed.</summary>
public sealed class ConflictException(string message, string code = ErrorCodes.Conflict, string? field = null) : ApiException(message, code, field);

/// <summary>The request itself is wrong (HTTP 400); nothing was changed.</summary>
public sealed class BadRequestException(string message, string code = ErrorCodes.ValidationField, string? field = null) : ApiException(message, code, field);

/// <summary>The user may not act on this resource (HTTP 403); nothing was changed.</summary>
public sealed class ForbiddenException(string message, string code = ErrorCodes.Forbidden, string? field = null) : ApiException(message, code, field);

/// <summary>The uploaded content exceeds a configured limit (HTTP 413); nothing was stored.</summary>
public sealed class TooLargeException(string message, string code = ErrorCodes.TooLarge, string? field = null) : ApiException(message, code, field);
