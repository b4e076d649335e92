namespace Frugal.Core.Routing.Classification;

/// <summary>
/// The tunable half of <see cref="ComplexityClassifier"/>: keyword lists (English and Chinese),
/// signal weights and tier thresholds. Every property has a default, so config overrides only
/// what it disagrees with (<c>rules with { ExpertThreshold = 6 }</c>).
/// </summary>
/// <remarks>
/// The score is a plain sum of signal weights; a tier starts at its threshold. Keywords are
/// matched as whole words, case-insensitively, with common English inflections of the last
/// word ("design" also matches "designs", "designed", "designing"; "optimize" matches
/// "optimization"); a keyword containing Han/kana/Hangul is matched as a substring, since
/// those scripts put no spaces between words.
/// </remarks>
public sealed record ComplexityRules
{
    /// <summary>Tasks a small model does well: rewriting, not reasoning. They pull the score down.</summary>
    public IReadOnlyList<string> SimpleKeywords { get; init; } =
    [
        "translate", "summarise", "summarize", "summary", "tl;dr", "format", "reformat", "fix spelling", "fix the spelling",
        "fix typos", "spell check", "proofread", "classify", "categorize", "categorise", "extract", "convert", "conversion",
        "list", "rephrase", "paraphrase",
        "翻译", "总结", "摘要", "概括", "格式化", "排版", "纠正拼写", "改错别字", "分类", "提取", "抽取", "转换", "改写",
    ];

    /// <summary>Open-ended but everyday work: explanations and comparisons.</summary>
    public IReadOnlyList<string> MediumKeywords { get; init; } =
    [
        "explain", "compare", "describe", "why", "write", "review", "plan",
        "解释", "比较", "对比", "为什么", "描述", "编写", "评审",
    ];

    /// <summary>Work that needs reasoning over several steps.</summary>
    public IReadOnlyList<string> ComplexKeywords { get; init; } =
    [
        "analyse", "analyze", "analysis", "design", "optimise", "optimize", "implement", "debug", "refactor",
        "evaluate", "diagnose", "troubleshoot", "algorithm", "step by step", "root cause",
        "分析", "设计", "优化", "实现", "调试", "重构", "排查", "算法", "评估", "诊断",
    ];

    /// <summary>Work where a small model is most likely to be confidently wrong.</summary>
    public IReadOnlyList<string> ExpertKeywords { get; init; } =
    [
        "prove", "proof", "derive", "architecture", "trade-off", "tradeoff", "formal verification", "theorem",
        "distributed system", "concurrency", "threat model", "research",
        "证明", "推导", "架构", "权衡", "取舍", "定理", "分布式", "并发", "形式化",
    ];

    public double SimpleKeywordWeight { get; init; } = -1.5;

    public double MediumKeywordWeight { get; init; } = 1.0;

    public double ComplexKeywordWeight { get; init; } = 2.0;

    public double ExpertKeywordWeight { get; init; } = 3.0;

    /// <summary>Distinct keywords counted per list: the fifth synonym of "analyse" adds no new evidence.</summary>
    public int MaxKeywordMatchesPerList { get; init; } = 2;

    /// <summary>
    /// Keywords in the system prompt count at this fraction: it describes the deployment
    /// ("you are a software architect"), not this request, and repeats on every call.
    /// </summary>
    public double SystemPromptKeywordFactor { get; init; } = 0.5;

    /// <summary>Estimated prompt tokens (chars/4, CJK one per character) from which a prompt counts as long.</summary>
    public int LongPromptTokens { get; init; } = 800;

    public double LongPromptWeight { get; init; } = 1.0;

    public int VeryLongPromptTokens { get; init; } = 3_000;

    public double VeryLongPromptWeight { get; init; } = 2.0;

    public int HugePromptTokens { get; init; } = 12_000;

    public double HugePromptWeight { get; init; } = 3.0;

    /// <summary>A fenced code block (```), or several lines that read as code.</summary>
    public double CodeWeight { get; init; } = 1.5;

    /// <summary>LaTeX, maths symbols, equations, integrals and the like.</summary>
    public double MathsWeight { get; init; } = 1.5;

    /// <summary>Two or more questions in the last message; doubled from <see cref="ManyQuestions"/>.</summary>
    public double MultipleQuestionsWeight { get; init; } = 0.75;

    public int ManyQuestions { get; init; } = 4;

    public int ManyTurns { get; init; } = 8;

    public double ManyTurnsWeight { get; init; } = 0.5;

    public int VeryManyTurns { get; init; } = 20;

    public double VeryManyTurnsWeight { get; init; } = 1.0;

    /// <summary>Tools on offer mean the model must plan calls and read results.</summary>
    public double ToolsWeight { get; init; } = 1.0;

    /// <summary>Score from which a request is <see cref="ComplexityTier.Medium"/>; below it, Simple.</summary>
    public double MediumThreshold { get; init; } = 1.0;

    public double ComplexThreshold { get; init; } = 3.0;

    public double ExpertThreshold { get; init; } = 5.5;

    /// <summary>Every problem with these rules, named by property; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (!(MediumThreshold < ComplexThreshold && ComplexThreshold < ExpertThreshold))
        {
            problems.Add("Thresholds must increase: MediumThreshold < ComplexThreshold < ExpertThreshold.");
        }

        if (!(LongPromptTokens < VeryLongPromptTokens && VeryLongPromptTokens < HugePromptTokens) || LongPromptTokens <= 0)
        {
            problems.Add("Prompt token thresholds must be positive and increase: LongPromptTokens < VeryLongPromptTokens < HugePromptTokens.");
        }

        if (ManyTurns <= 0 || VeryManyTurns <= ManyTurns)
        {
            problems.Add("Turn thresholds must be positive and increase: ManyTurns < VeryManyTurns.");
        }

        if (ManyQuestions < 3)
        {
            problems.Add("ManyQuestions must be at least 3 (two questions already count as multiple).");
        }

        if (MaxKeywordMatchesPerList < 1)
        {
            problems.Add("MaxKeywordMatchesPerList must be at least 1.");
        }

        if (SystemPromptKeywordFactor is < 0 or > 1)
        {
            problems.Add("SystemPromptKeywordFactor must be from 0 to 1.");
        }

        foreach (var (name, list) in new[]
        {
            (nameof(SimpleKeywords), SimpleKeywords), (nameof(MediumKeywords), MediumKeywords),
            (nameof(ComplexKeywords), ComplexKeywords), (nameof(ExpertKeywords), ExpertKeywords),
        })
        {
            if (list is null || list.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"{name} must not contain empty keywords.");
            }
        }

        return problems;
    }
}
