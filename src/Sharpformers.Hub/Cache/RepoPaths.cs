using System.Text.RegularExpressions;

namespace Sharpformers.Hub;

/// <summary>Validation of repo ids, revisions and repository file names before any path is built from them.</summary>
internal static partial class RepoPaths
{
    /// <summary>Whether <paramref name="revision"/> is a full commit hash (40 lowercase hex digits), which never needs resolving.</summary>
    public static bool IsCommitHash(string? revision) => revision is not null && CommitHash().IsMatch(revision);

    /// <summary>Whether <paramref name="value"/> has the shape of a repo id (<c>name</c> or <c>org/name</c>).</summary>
    public static bool LooksLikeRepoId(string value) =>
        value.Length is > 0 and <= 96 && RepoId().IsMatch(value)
        && !value.Contains("--", StringComparison.Ordinal) && !value.Contains("..", StringComparison.Ordinal);

    /// <summary>Throws unless <paramref name="repoId"/> is a valid repo id.</summary>
    public static void ValidateRepoId(string repoId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repoId);
        if (!LooksLikeRepoId(repoId))
        {
            throw new InvalidRepoPathException(
                $"'{repoId}' is not a valid repo id: expected 'name' or 'org/name' with letters, digits, '-', '_' and '.', no '--' or '..', at most 96 characters.");
        }
    }

    /// <summary>Throws unless <paramref name="revision"/> can name a ref file inside <c>refs/</c>.</summary>
    public static void ValidateRevision(string revision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(revision);
        ValidateRelativeName(revision, "revision");
    }

    /// <summary>
    /// Throws <see cref="InvalidRepoPathException"/> when a repository file name could escape the folder it is joined to:
    /// a <c>..</c> segment, an absolute or rooted path, a drive letter, a UNC path, an empty segment or a NUL character,
    /// judged by both POSIX and Windows rules as huggingface_hub does.
    /// </summary>
    public static void ValidateRelativeName(string name, string what = "file name")
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidRepoPathException($"The repository {what} is empty.");
        }

        if (name.Contains('\0', StringComparison.Ordinal) || name[0] is '/' or '\\' || (name.Length >= 2 && char.IsAsciiLetter(name[0]) && name[1] == ':'))
        {
            throw new InvalidRepoPathException($"Refusing repository {what} '{name}': it is an absolute or drive path, which would escape the target folder.");
        }

        foreach (var segment in name.Split('/', '\\'))
        {
            if (segment.Length == 0 || segment == "..")
            {
                throw new InvalidRepoPathException($"Refusing repository {what} '{name}': it contains a '{segment}' segment, which could escape the target folder.");
            }
        }
    }

    /// <summary>Joins a validated repository file name below <paramref name="root"/> and checks the result stays inside it.</summary>
    public static string Join(string root, string relativeName, string what = "file name")
    {
        ValidateRelativeName(relativeName, what);
        var fullRoot = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(fullRoot, relativeName.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(fullRoot.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidRepoPathException($"Refusing repository {what} '{relativeName}': it resolves outside '{fullRoot}'.");
        }

        return full;
    }

    /// <summary>Throws unless an ETag (already normalised) can name a blob file.</summary>
    public static void ValidateEtag(string etag)
    {
        if (etag.Length == 0 || etag.Length > 200 || !SafeName().IsMatch(etag) || etag is "." or "..")
        {
            throw new HubProtocolException($"The server sent the ETag '{etag}', which cannot name a blob file (expected letters, digits, '-', '_' or '.').");
        }
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitHash();

    [GeneratedRegex(@"^(\b[\w\-.]+\b/)?\b[\w\-.]+\b$")]
    private static partial Regex RepoId();

    [GeneratedRegex(@"^[A-Za-z0-9._\-]+$")]
    private static partial Regex SafeName();
}
