using System.Diagnostics;
using static Sharpformers.Models.Tests.Modeling.ForwardTests;

namespace Sharpformers.Models.Tests.Modeling;

/// <summary>Steady-state memory and concurrent use of one model (the precise per-step figures are in the benchmarks).</summary>
[Collection(MemoryMeasurements.Name)]
public sealed class ResourceTests
{
    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public void ThousandForwardPassesDoNotGrowMemory(string name)
    {
        using var model = FixtureModel.ByName(name).Load();
        using var cache = model.CreateCache(2);
        long[] prompt = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        long[] mask = Ones(12);
        long[] token = [5, 6];
        long[] positions = [5, 5];
        model.Forward(cache, prompt, Ones(10), [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]);

        void Steps(int count)
        {
            for (var i = 0; i < count; i++)
            {
                model.Forward(cache, token, mask, positions);
                cache.Trim(5);
            }
        }

        Steps(100);
        var managedBefore = Settle();
        var nativeBefore = Process.GetCurrentProcess().PrivateMemorySize64;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        Steps(1000);
        var allocatedPerStep = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1000.0;
        var managedGrowth = Settle() - managedBefore;
        var nativeGrowth = Process.GetCurrentProcess().PrivateMemorySize64 - nativeBefore;

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: managed growth {managedGrowth} B, private memory growth {nativeGrowth} B, {allocatedPerStep:F0} B allocated per step");
        Assert.True(managedGrowth < 1 << 20, $"managed heap grew by {managedGrowth} bytes over 1,000 steps");
        Assert.True(nativeGrowth < 64L << 20, $"private memory grew by {nativeGrowth} bytes over 1,000 steps");
        Assert.True(allocatedPerStep < 4096, $"{allocatedPerStep} managed bytes allocated per step");
    }

    [Theory]
    [MemberData(nameof(FixtureModel.Names), MemberType = typeof(FixtureModel))]
    public async Task ConcurrentRequestsOnOneModelMatchSequentialOnes(string name)
    {
        var fixture = FixtureModel.ByName(name);
        using var model = fixture.Load();
        const int requests = 4;
        const int steps = 8;

        float[][] Decode(int request)
        {
            using var cache = model.CreateCache(1);
            var results = new float[steps][];
            long token = 10 + request;
            for (var step = 0; step < steps; step++)
            {
                var logits = model.Forward(cache, [token], Ones(step + 1), [step]);
                results[step] = logits.ToArray();
                token = (token * 31 + step) % 900;
            }

            return results;
        }

        var sequential = Enumerable.Range(0, requests).Select(Decode).ToArray();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, requests).Select(r => Task.Run(() => Decode(r), TestContext.Current.CancellationToken)));
        for (var r = 0; r < requests; r++)
        {
            for (var s = 0; s < steps; s++)
            {
                Logits.AssertClose(sequential[r][s], concurrent[r][s], 1e-6f, $"request {r} step {s}");
            }
        }
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>Runs memory measurements alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurements
{
    public const string Name = "memory measurements";
}
