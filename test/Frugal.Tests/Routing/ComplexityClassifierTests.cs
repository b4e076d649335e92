using Frugal.Core.Routing.Classification;

namespace Frugal.Tests.Routing;

public sealed class ComplexityClassifierTests
{
    private static readonly ComplexityClassifier Classifier = new();

    public static TheoryData<string, ComplexityTier> EnglishPrompts => new()
    {
        { "Translate 'good morning' into French.", ComplexityTier.Simple },
        { "What is the capital of Australia?", ComplexityTier.Simple },
        { "Summarize the following paragraph in two sentences: the meeting moved to Tuesday.", ComplexityTier.Simple },
        { "Fix the spelling in this sentence: 'I recieved teh package.'", ComplexityTier.Simple },
        { "Extract every email address from this text and convert it to lower case.", ComplexityTier.Simple },
        { "Explain why the sky is blue.", ComplexityTier.Medium },
        { "Compare Python and Go for writing command-line tools.", ComplexityTier.Medium },
        { "Design a database schema for a lending library.", ComplexityTier.Medium },
        { "Implement an LRU cache in C# and analyse its time complexity.", ComplexityTier.Complex },
        { "Debug this function:\n```python\ndef ratio(x):\n    return x / 0\n```", ComplexityTier.Complex },
        { "Prove that the square root of 2 is irrational.", ComplexityTier.Complex },
        { "Design the architecture of a multi-region payment system and analyse the trade-offs between consistency and availability.", ComplexityTier.Expert },
        { "Prove that \\int_0^1 x^2 dx = 1/3 and derive the general formula for x^n.", ComplexityTier.Expert },
    };

    public static TheoryData<string, ComplexityTier> ChinesePrompts => new()
    {
        { "请把这句话翻译成英文：今天天气很好。", ComplexityTier.Simple },
        { "总结一下这篇文章的要点。", ComplexityTier.Simple },
        { "把下面的日期格式化为 YYYY-MM-DD。", ComplexityTier.Simple },
        { "解释一下为什么天空是蓝色的。", ComplexityTier.Medium },
        { "帮我设计一个图书馆的数据库表结构。", ComplexityTier.Medium },
        { "请分析这段代码的性能瓶颈并给出优化方案。", ComplexityTier.Complex },
        { "证明：对任意正整数 n，1+2+…+n = n(n+1)/2。", ComplexityTier.Complex },
        { "设计一个分布式系统的架构，并权衡一致性和可用性。", ComplexityTier.Expert },
    };

    [Theory]
    [MemberData(nameof(EnglishPrompts))]
    [MemberData(nameof(ChinesePrompts))]
    public void Classifies_single_turn_prompts(string prompt, ComplexityTier expected)
    {
        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.True(expected == verdict.Tier, $"'{prompt}' → {verdict.Tier} (score {verdict.Score}: {verdict.Reason}), expected {expected}");
    }

    [Fact]
    public void Reason_names_the_signals_that_decided()
    {
        var padding = new string('x', 8_000);
        var prompt = $"Design a cache and 分析 its behaviour:\n```\nvar cache = new Dictionary<string, int>();\n```\n{padding}";

        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Equal("keywords: design, 分析; code block; 2.0k tokens", verdict.Reason);
        Assert.Equal(2 * 2.0 + 1.5 + 1.0, verdict.Score, 6);
        Assert.Equal(ComplexityTier.Expert, verdict.Tier);
    }

    [Fact]
    public void A_plain_question_names_only_its_size()
    {
        var verdict = Classifier.Classify(new ComplexityInput("Hi there", 8, 1, HasTools: false));

        Assert.Equal(ComplexityTier.Simple, verdict.Tier);
        Assert.Equal("2 tokens", verdict.Reason);
        Assert.Equal(0, verdict.Score);
    }

    [Fact]
    public void Tools_and_long_conversations_raise_the_tier()
    {
        const string prompt = "What's the weather in Paris";
        var alone = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));
        var agentic = Classifier.Classify(new ComplexityInput(prompt, 4_000, 10, HasTools: true));

        Assert.Equal(ComplexityTier.Simple, alone.Tier);
        Assert.Equal(ComplexityTier.Medium, agentic.Tier);
        Assert.Contains("tools", agentic.Reason, StringComparison.Ordinal);
        Assert.Contains("10 turns", agentic.Reason, StringComparison.Ordinal);
        Assert.Contains("1.0k tokens", agentic.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_questions_count()
    {
        var verdict = Classifier.Classify(new ComplexityInput("What is a monad? Where is it used? How do I spot one?", 52, 1, HasTools: false));

        Assert.Contains("3 questions", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(ComplexityTier.Simple, verdict.Tier); // 0.75 alone stays below Medium
    }

    [Fact]
    public void A_ternary_is_not_a_question()
    {
        var verdict = Classifier.Classify(new ComplexityInput("x = a ? b : c; y = d ? e : f;", 30, 1, HasTools: false));

        Assert.DoesNotContain("questions", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_document_to_summarise_stays_cheap()
    {
        var prompt = "Summarise this report:\n" + string.Concat(Enumerable.Repeat("Revenue grew in every region this quarter. ", 250));

        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Equal(ComplexityTier.Simple, verdict.Tier);
        Assert.StartsWith("simple task: summarise", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("2.7k tokens", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void System_prompt_keywords_count_at_a_fraction()
    {
        const string prompt = "Look at my service layout.";
        var plain = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 2, HasTools: false));
        var withSystem = Classifier.Classify(new ComplexityInput(prompt, 200, 2, HasTools: false, SystemPrompt: "You are a software architecture reviewer."));

        // "architecture" (expert, 3.0) and "reviewer" (medium "review", 1.0), each at half weight.
        Assert.Equal(plain.Score + (0.5 * 3.0) + (0.5 * 1.0), withSystem.Score, 6);
        Assert.Contains("system prompt: architecture, review", withSystem.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("We are designing a new service.", "design")]
    [InlineData("Suggest an optimization for this loop.", "optimize")]
    [InlineData("I am debugging a crash.", "debug")]
    [InlineData("The team analysed the logs.", "analyse")]
    [InlineData("Refactoring the parser again.", "refactor")]
    public void Keywords_match_their_inflections(string prompt, string keyword)
    {
        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Contains(keyword, verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("The designer chose blue.")] // "designer" is a person, but "design" + "er" is an accepted form: it matches
    public void Over_generated_forms_are_accepted(string prompt)
    {
        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Contains("design", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redesign is not the word.")]
    [InlineData("The provenance of the painting.")]
    public void Keywords_do_not_match_inside_other_words(string prompt)
    {
        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.DoesNotContain("keywords", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_two_keywords_per_list_are_scored()
    {
        const string prompt = "Analyse, design, optimise, implement and debug it.";

        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Equal(4.0, verdict.Score, 6);
        Assert.StartsWith("keywords: analyse, design;", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Solve for x: 3x + 2 = 11", true)]
    [InlineData("Compute $$\\frac{a}{b}$$", true)]
    [InlineData("Find the eigenvalues of the matrix", true)]
    [InlineData("求这个函数的导数", true)]
    [InlineData("Show that a ≤ b", true)]
    [InlineData("Book a table for 2 at 7pm", false)]
    public void Detects_maths(string prompt, bool maths)
    {
        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Equal(maths, verdict.Reason.Contains("maths", StringComparison.Ordinal));
    }

    [Fact]
    public void Code_without_fences_is_recognised()
    {
        const string prompt = "Why does this fail?\nint x = 0;\nfor (var i = 0; i < n; i++) {\n  x += i;\n}";

        var verdict = Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Contains("code", verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("code block", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hello world!", 0, 3)] // 12 chars / 4
    [InlineData("你好世界", 4, 4)] // one token per CJK character
    [InlineData("abcd你好", 2, 3)]
    public void Estimates_tokens(string text, int cjk, int tokens)
    {
        var input = new ComplexityInput(text, text.Length, 1, HasTools: false);

        Assert.Equal(tokens, ComplexityClassifier.EstimatePromptTokens(input));
        Assert.Equal(cjk, text.Count(c => c >= '\u4E00' && c <= '\u9FFF'));
    }

    [Fact]
    public void Unseen_history_is_counted_at_the_visible_cjk_share()
    {
        // The last message is all Chinese, so the 1,000 characters of earlier turns count one token each.
        var input = new ComplexityInput("你好", 1_002, 5, HasTools: false);

        Assert.Equal(1_002, ComplexityClassifier.EstimatePromptTokens(input));
    }

    [Fact]
    public void Rules_can_be_overridden()
    {
        const string prompt = "Write a haiku about autumn.";
        var rules = new ComplexityRules { SimpleKeywords = ["haiku"], MediumKeywords = [] };

        var verdict = new ComplexityClassifier(rules).Classify(new ComplexityInput(prompt, prompt.Length, 1, HasTools: false));

        Assert.Equal(ComplexityTier.Simple, verdict.Tier);
        Assert.Equal(-1.5, verdict.Score, 6);
        Assert.Contains("simple task: haiku", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Thresholds_can_be_overridden()
    {
        const string prompt = "Design the architecture of a multi-region payment system and analyse the trade-offs.";
        var lenient = new ComplexityClassifier(new ComplexityRules { ExpertThreshold = 20 });

        Assert.Equal(ComplexityTier.Expert, Classifier.Classify(new ComplexityInput(prompt, prompt.Length, 1, false)).Tier);
        Assert.Equal(ComplexityTier.Complex, lenient.Classify(new ComplexityInput(prompt, prompt.Length, 1, false)).Tier);
    }

    [Fact]
    public void Inconsistent_rules_are_refused_with_every_problem()
    {
        var rules = new ComplexityRules { MediumThreshold = 4, ComplexThreshold = 3, VeryManyTurns = 2, SimpleKeywords = [" "] };

        var problems = rules.Validate();
        var ex = Assert.Throws<ArgumentException>(() => new ComplexityClassifier(rules));

        Assert.Equal(3, problems.Count);
        Assert.Contains("MediumThreshold < ComplexThreshold", ex.Message, StringComparison.Ordinal);
        Assert.Empty(new ComplexityRules().Validate());
    }
}
