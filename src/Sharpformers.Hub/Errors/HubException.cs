namespace Sharpformers.Hub;

/// <summary>Base class of every error raised by Sharpformers.Hub; the message says what failed and why.</summary>
public class HubException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and why.</param>
    /// <param name="innerException">The underlying cause, if any.</param>
    public HubException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>The repository concerned, when known.</summary>
    public string? RepoId { get; internal set; }
}

/// <summary>The Hub answered with an HTTP error; <see cref="StatusCode"/> and <see cref="ErrorCode"/> (<c>X-Error-Code</c>) say which.</summary>
public class HubHttpException : HubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed and why.</param>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="errorCode">The <c>X-Error-Code</c> header, if any.</param>
    public HubHttpException(string message, int statusCode, string? errorCode)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>The HTTP status code of the response.</summary>
    public int StatusCode { get; }

    /// <summary>The value of the <c>X-Error-Code</c> header (<c>RepoNotFound</c>, <c>GatedRepo</c>, ...), if any.</summary>
    public string? ErrorCode { get; }
}

/// <summary>The repository does not exist, or it is private and no valid token was sent (<c>RepoNotFound</c>).</summary>
public sealed class RepositoryNotFoundException(string message, int statusCode, string? errorCode)
    : HubHttpException(message, statusCode, errorCode);

/// <summary>The repository is gated: its conditions must be accepted on the Hub by the token's owner (<c>GatedRepo</c>).</summary>
public sealed class GatedRepositoryException(string message, int statusCode, string? errorCode)
    : HubHttpException(message, statusCode, errorCode);

/// <summary>The branch, tag or commit does not exist in the repository (<c>RevisionNotFound</c>).</summary>
public sealed class RevisionNotFoundException(string message, int statusCode, string? errorCode)
    : HubHttpException(message, statusCode, errorCode);

/// <summary>The file does not exist at that revision (<c>EntryNotFound</c>).</summary>
public sealed class EntryNotFoundException(string message, int statusCode, string? errorCode)
    : HubHttpException(message, statusCode, errorCode)
{
    /// <summary>The commit the Hub resolved the revision to (<c>X-Repo-Commit</c>), when it said.</summary>
    public string? CommitHash { get; init; }
}

/// <summary>The token was refused (invalid or expired) or the request needs one.</summary>
public sealed class HubUnauthorizedException(string message, int statusCode, string? errorCode)
    : HubHttpException(message, statusCode, errorCode);

/// <summary>The Hub could not be reached, or kept failing (connection errors, time-outs, 5xx), after the retries.</summary>
public sealed class HubNetworkException(string message, Exception? innerException = null) : HubException(message, innerException);

/// <summary>The server's answer lacks what the Hub protocol requires (<c>X-Repo-Commit</c>, an ETag, a size) or is malformed.</summary>
public sealed class HubProtocolException(string message, Exception? innerException = null) : HubException(message, innerException);

/// <summary>A downloaded file does not match the size or sha256 the server stated; nothing was kept in the cache.</summary>
public sealed class FileIntegrityException(string message) : HubException(message);

/// <summary>The file (or snapshot) is not in the local cache and the network may not be used (offline mode or <c>LocalFilesOnly</c>), or could not be reached.</summary>
public sealed class LocalEntryNotFoundException(string message, Exception? innerException = null) : HubException(message, innerException);

/// <summary>A repository file name, repo id or server-provided name would escape its folder (<c>..</c>, absolute path, drive letter) or is otherwise unusable.</summary>
public sealed class InvalidRepoPathException(string message) : HubException(message);
