// AutoTokenizer + AutoModelForCausalLM + Generate, without the pipeline layer.
//   dotnet run --project samples/LowLevel -- --model <folder or org/name>
using Sharpformers.Generation;
using Sharpformers.Generation.Streaming;
using Sharpformers.Models;
using Sharpformers.Tokenization;

var modelArg = Array.IndexOf(args, "--model");
var model = modelArg >= 0 && modelArg + 1 < args.Length ? args[modelArg + 1] : "onnx-community/Qwen2.5-0.5B-Instruct";
Console.OutputEncoding = System.Text.Encoding.UTF8;

var tokenizer = await AutoTokenizer.FromPretrainedAsync(model);
using var lm = await AutoModelForCausalLM.FromPretrainedAsync(model);
long[] Encode(string text) => [.. tokenizer.Encode(text).Ids.Select(id => (long)id)];
string Decode(IEnumerable<long> ids) => tokenizer.Decode(ids.Select(id => (int)id), skipSpecialTokens: true);

// 1. Beam search: 4 beams, the 2 best returned.
var beams = lm.Generate(Encode("The capital of Vietnam is"), new GenerationConfig { MaxNewTokens = 24, NumBeams = 4, NumReturnSequences = 2 });
for (var i = 0; i < beams.Sequences.Count; i++)
{
    Console.WriteLine($"beam {i}: {Decode(beams.Sequences[i])}");
}

// 2. A batch of prompts with top-p sampling: rows are left-padded and masked, as transformers does.
string[] prompts = ["Once upon a time", "Hà Nội là", "def fibonacci(n):"];
var encoded = prompts.Select(Encode).ToArray();
var width = encoded.Max(p => p.Length);
var pad = lm.GenerationConfig.PadTokenId ?? lm.GenerationConfig.EosTokenId?[0] ?? 0;
var inputIds = encoded.Select(p => (IReadOnlyList<long>)[.. Enumerable.Repeat((long)pad, width - p.Length), .. p]).ToArray();
var mask = encoded.Select(p => (IReadOnlyList<long>)[.. Enumerable.Repeat(0L, width - p.Length), .. Enumerable.Repeat(1L, p.Length)]).ToArray();
var sampled = lm.Generate(inputIds, new GenerationConfig { MaxNewTokens = 24, DoSample = true, TopP = 0.9f, Temperature = 0.8f, Seed = 1 },
    new GenerationOptions { AttentionMask = mask });
for (var i = 0; i < prompts.Length; i++)
{
    Console.WriteLine($"sample {i}: {Decode(sampled.Sequences[i])}");
}

// 3. Streaming: text appears as each token is generated, never half a character.
Console.Write("stream: ");
await foreach (var token in lm.GenerateStreamAsync(Encode("Việt Nam là"), new GenerationConfig { MaxNewTokens = 32 },
    new GenerationOptions { Tokenizer = tokenizer.AsGenerationTokenizer() }))
{
    Console.Write(token.Text);
}

Console.WriteLine();
