namespace Frugal.Tools.Routing;

/// <summary>
/// The standard grouping of MMLU's 57 subjects into four categories — STEM, humanities, social
/// sciences, other — as published with the benchmark (Hendrycks et al., github.com/hendrycks/test,
/// <c>categories.py</c>: subject → subcategory → category). Used to hold out a whole kind of
/// prompt when measuring whether a router generalises (<see cref="GroupedRouterEvaluation"/>).
/// </summary>
public static class MmluSubjectGroups
{
    public const string Stem = "stem";
    public const string Humanities = "humanities";
    public const string SocialSciences = "social-sciences";
    public const string Other = "other";

    /// <summary>The four groups, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> Groups = [Stem, Humanities, SocialSciences, Other];

    private static readonly Dictionary<string, string> GroupOfSubject = Build();

    /// <summary>Every subject this table knows (57).</summary>
    public static IReadOnlyCollection<string> Subjects => GroupOfSubject.Keys;

    /// <summary>The group of a subject ("college_physics") or of its file ("mmlu_college_physics.csv"); null when unknown.</summary>
    public static string? GroupOf(string subjectOrFile)
    {
        ArgumentNullException.ThrowIfNull(subjectOrFile);
        var name = Path.GetFileNameWithoutExtension(subjectOrFile);
        if (name.StartsWith("mmlu_", StringComparison.Ordinal))
        {
            name = name["mmlu_".Length..];
        }

        return GroupOfSubject.TryGetValue(name, out var group) ? group : null;
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        Add(map, Stem, "abstract_algebra", "astronomy", "college_biology", "college_chemistry", "college_computer_science", "college_mathematics",
            "college_physics", "computer_security", "conceptual_physics", "electrical_engineering", "elementary_mathematics", "high_school_biology",
            "high_school_chemistry", "high_school_computer_science", "high_school_mathematics", "high_school_physics", "high_school_statistics",
            "machine_learning");
        Add(map, Humanities, "formal_logic", "high_school_european_history", "high_school_us_history", "high_school_world_history", "international_law",
            "jurisprudence", "logical_fallacies", "moral_disputes", "moral_scenarios", "philosophy", "prehistory", "professional_law", "world_religions");
        Add(map, SocialSciences, "econometrics", "high_school_geography", "high_school_government_and_politics", "high_school_macroeconomics",
            "high_school_microeconomics", "high_school_psychology", "human_sexuality", "professional_psychology", "public_relations", "security_studies",
            "sociology", "us_foreign_policy");
        Add(map, Other, "anatomy", "business_ethics", "clinical_knowledge", "college_medicine", "global_facts", "human_aging", "management", "marketing",
            "medical_genetics", "miscellaneous", "nutrition", "professional_accounting", "professional_medicine", "virology");
        return map;
    }

    private static void Add(Dictionary<string, string> map, string group, params string[] subjects)
    {
        foreach (var subject in subjects)
        {
            map.Add(subject, group);
        }
    }
}
