namespace Sharpformers.Testing.Tokenizer;

/// <summary>The built-in text the test tokenizers learn their merges from (written for this project).</summary>
internal static class TrainingCorpus
{
    /// <summary>A few paragraphs of plain English with numbers, punctuation and some code-like text.</summary>
    public const string Text = """
        The quick brown fox jumps over the lazy dog. The dog does not mind, because the dog is asleep in the sun.
        A small model can still be a real model: it reads tokens, mixes them in attention, and writes logits for the
        next token. When the weights are random, the text it writes is nonsense, but the arithmetic is the same
        arithmetic that a large model does, and that is all a test needs.
        Once upon a time there was a little robot that wanted to learn how to read. Every morning the robot opened
        a book, looked at the letters, and tried to say the words out loud. Some words were easy, like cat, sun and
        tree; other words were hard, like attention, tokenizer and transformer. The robot did not give up.
        In the year 2024 there were 365 days, 52 weeks and 12 months; in 2026 there are 365 days again. One, two,
        three, four, five, six, seven, eight, nine, ten. Numbers such as 3.14, 2.71 and 1.41 show up in many places.
        Hello, world! How are you today? I'm fine, thanks; we're all fine, and they've been fine since Monday.
        def generate(model, prompt, max_new_tokens=20): return model.generate(prompt, max_new_tokens)
        for (int i = 0; i < count; i++) { total += values[i]; }
        The cache keeps the keys and the values of every token that came before, so the next step only has to look at
        the new token. Padding on the left lets several prompts of different lengths share one batch.
        """;
}
