namespace Sharpformers.Generation.Tests.Batching;

/// <summary>
/// Tests that listen to the process-wide <c>Sharpformers.Generation</c> meter run alone: every scheduler in the process
/// reports on a meter of that name, so schedulers of tests running in parallel would add to the counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SchedulerMeterCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Scheduler meter";
}
