using System.Diagnostics;

namespace Sharpformers.Hub.Tests;

/// <summary>Blob names computed by independent tools: <c>git hash-object</c> (git blob id) and <c>sha256sum</c>.</summary>
internal static class ExternalHashes
{
    public static string GitBlobId(byte[] content) => Run("git", ["hash-object", "--stdin"], content);

    public static string Sha256(byte[] content) => Run("sha256sum", ["-"], content).Split(' ')[0];

    private static string Run(string tool, string[] args, byte[] stdin)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip($"'{tool}' is not available to compute reference hashes.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            process.StandardInput.BaseStream.Write(stdin);
            process.StandardInput.Close();
            process.WaitForExit();
            return output.Result.Trim();
        }
    }
}
