using System.Diagnostics;
using System.Globalization;
using Sharpformers.Tokenization;

// Loads one tokenizer.json with ours and with HF tokenizers (Rust, through Tokenizers.DotNet) in this fresh process and
// prints both first loads (with the bytes our first load allocated and the collections it caused, and the bytes of one later load), then the median of N more loads of each (alternating), in ms.
// Usage: Sharpformers.LoadProbe PATH/tokenizer.json [--hf-first] [--loads N]
if (args.Length == 0 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Sharpformers.LoadProbe PATH/tokenizer.json [--hf-first] [--loads N]");
    return 2;
}

var path = args[0];
var hfFirst = args.Contains("--hf-first");
var loadsAt = Array.IndexOf(args, "--loads");
var loads = loadsAt > 0 && loadsAt + 1 < args.Length ? int.Parse(args[loadsAt + 1], CultureInfo.InvariantCulture) : 5;

double LoadOurs()
{
    var sw = Stopwatch.StartNew();
    PretrainedTokenizer.FromFile(path);
    return sw.Elapsed.TotalMilliseconds;
}

double LoadHf()
{
    var sw = Stopwatch.StartNew();
    new Tokenizers.DotNet.Tokenizer(vocabPath: path).Dispose();
    return sw.Elapsed.TotalMilliseconds;
}

double oursFirst, hfFirstMs = 0;
if (hfFirst)
{
    hfFirstMs = LoadHf();
}

var gcs = GC.CollectionCount(0);
var allocated = GC.GetAllocatedBytesForCurrentThread();
oursFirst = LoadOurs();
gcs = GC.CollectionCount(0) - gcs;
allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
if (!hfFirst)
{
    hfFirstMs = LoadHf();
}

var ours = new double[loads];
var hf = new double[loads];
for (var i = 0; i < loads; i++)
{
    ours[i] = LoadOurs();
    hf[i] = LoadHf();
}

var laterAllocated = GC.GetAllocatedBytesForCurrentThread();
LoadOurs();
laterAllocated = GC.GetAllocatedBytesForCurrentThread() - laterAllocated;
Array.Sort(ours);
Array.Sort(hf);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)))}: first load ours / HF {oursFirst:F0} / {hfFirstMs:F0} ms; " +
    $"median of {loads} more {ours[loads / 2]:F0} / {hf[loads / 2]:F0} ms; {(hfFirst ? "HF" : "ours")} loaded first; " +
    $"{(System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported ? "JIT" : "Native AOT")}; " +
    $"our first load allocated {allocated / 1e6:F1} MB over {gcs} gen-0 collections, a later one {laterAllocated / 1e6:F1} MB"));
return 0;
