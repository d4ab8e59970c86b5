using System.Security.Cryptography;
using System.Text;

namespace Sharpformers.TestSupport;

/// <summary>One file of a <see cref="FakeRepo"/> commit, with the hashes the Hub reports for it.</summary>
public sealed class FakeFile
{
    internal FakeFile(string path, byte[] content, bool isLfs)
    {
        Path = path;
        Content = content;
        IsLfs = isLfs;
        GitBlobSha1 = GitBlobId(content);
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
        var pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{Sha256}\nsize {content.Length}\n";
        PointerSize = Encoding.UTF8.GetByteCount(pointer);
        PointerSha1 = GitBlobId(Encoding.UTF8.GetBytes(pointer));
    }

    /// <summary>Repository path.</summary>
    public string Path { get; }

    /// <summary>The real content.</summary>
    public byte[] Content { get; }

    /// <summary>Whether the file is stored with Git LFS (served through a redirect to the CDN route).</summary>
    public bool IsLfs { get; }

    /// <summary>git blob id of the content (the ETag of a regular file).</summary>
    public string GitBlobSha1 { get; }

    /// <summary>sha256 of the content (the X-Linked-Etag of an LFS file).</summary>
    public string Sha256 { get; }

    /// <summary>Size of the LFS pointer file.</summary>
    public int PointerSize { get; }

    /// <summary>git blob id of the LFS pointer (the tree's <c>oid</c> of an LFS file).</summary>
    public string PointerSha1 { get; }

    /// <summary>The name the blob gets in the hub cache: sha256 for LFS files, git blob sha1 otherwise.</summary>
    public string Etag => IsLfs ? Sha256 : GitBlobSha1;

    private static string GitBlobId(byte[] content) =>
        Convert.ToHexStringLower(SHA1.HashData([.. Encoding.ASCII.GetBytes($"blob {content.Length}\0"), .. content]));
}

/// <summary>A repository served by <see cref="FakeHub"/>: each <c>AddFile</c> makes a new commit on <c>main</c>.</summary>
public sealed class FakeRepo
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyDictionary<string, FakeFile>> _commits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _refs = new(StringComparer.Ordinal);
    private Dictionary<string, FakeFile> _files = new(StringComparer.Ordinal);

    internal FakeRepo(string id, string type)
    {
        Id = id;
        Type = type;
        MakeCommit("initial");
    }

    /// <summary>The repo id.</summary>
    public string Id { get; }

    /// <summary><c>model</c>, <c>dataset</c> or <c>space</c>.</summary>
    public string Type { get; }

    /// <summary>Only requests with a token of <see cref="FakeHub.ValidTokens"/> see it; others get 401 RepoNotFound.</summary>
    public bool IsPrivate { get; set; }

    /// <summary>Only tokens of <see cref="GrantedTokens"/> may read files; others get 403 GatedRepo.</summary>
    public bool IsGated { get; set; }

    /// <summary>Tokens that accepted the gate.</summary>
    public HashSet<string> GrantedTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>The commit <c>main</c> points at.</summary>
    public string Head => Resolve("main")!;

    /// <summary>The files at <c>main</c>.</summary>
    public IReadOnlyDictionary<string, FakeFile> Files => FilesAt(Head)!;

    /// <summary>Adds or replaces a file and commits it to <c>main</c>.</summary>
    /// <param name="path">Repository path.</param>
    /// <param name="content">Bytes.</param>
    /// <param name="lfs">Store it with LFS (302 to the CDN route, sha256 ETag).</param>
    /// <returns>This repository.</returns>
    public FakeRepo AddFile(string path, byte[] content, bool lfs = false)
    {
        lock (_gate)
        {
            _files = new Dictionary<string, FakeFile>(_files, StringComparer.Ordinal) { [path] = new FakeFile(path, content, lfs) };
            MakeCommit(path);
        }

        return this;
    }

    /// <summary>Adds a UTF-8 text file.</summary>
    /// <param name="path">Repository path.</param>
    /// <param name="text">Content.</param>
    /// <returns>This repository.</returns>
    public FakeRepo AddFile(string path, string text) => AddFile(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Points a tag or branch at the current head.</summary>
    /// <param name="name">The ref name.</param>
    /// <returns>This repository.</returns>
    public FakeRepo AddRef(string name)
    {
        lock (_gate)
        {
            _refs[name] = _refs["main"];
        }

        return this;
    }

    /// <summary>The commit of a branch, tag or commit hash, or <see langword="null"/>.</summary>
    /// <param name="revision">The revision.</param>
    /// <returns>The commit.</returns>
    public string? Resolve(string revision)
    {
        lock (_gate)
        {
            return _commits.ContainsKey(revision) ? revision : _refs.GetValueOrDefault(revision);
        }
    }

    /// <summary>The files of a commit, or <see langword="null"/>.</summary>
    /// <param name="commit">The commit.</param>
    /// <returns>The files by path.</returns>
    public IReadOnlyDictionary<string, FakeFile>? FilesAt(string commit)
    {
        lock (_gate)
        {
            return _commits.GetValueOrDefault(commit);
        }
    }

    private void MakeCommit(string message)
    {
        var parent = _refs.GetValueOrDefault("main") ?? string.Empty;
        var commit = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"{Id}\n{parent}\n{message}\n{_commits.Count}")));
        _commits[commit] = _files;
        _refs["main"] = commit;
    }
}
