namespace ApprovalEngine.Persistence;

/// <summary>The addressed thing does not exist (HTTP 404).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The request is valid but conflicts with the current state (HTTP 409); nothing was changed.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>The request itself is wrong (HTTP 400); nothing was changed.</summary>
public sealed class BadRequestException(string message) : Exception(message);

/// <summary>The user may not act on this resource (HTTP 403); nothing was changed.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The uploaded content exceeds a configured limit (HTTP 413); nothing was stored.</summary>
public sealed class TooLargeException(string message) : Exception(message);
