namespace Sharpformers.Generation.Constraints.Automata;

/// <summary>A piece of NFA under construction with one entry and one exit state.</summary>
internal readonly record struct NfaFragment(int Start, int End);
