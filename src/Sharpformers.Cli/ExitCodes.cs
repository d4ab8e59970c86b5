namespace Sharpformers.Cli;

/// <summary>Process exit codes of the CLI contract.</summary>
internal static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>The command ran and failed.</summary>
    public const int RuntimeError = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}
