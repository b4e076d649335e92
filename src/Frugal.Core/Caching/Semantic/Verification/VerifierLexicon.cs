namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// Word lists of the verifier. Each list errs on the side of a miss: a word that is only
/// sometimes a unit or a date ("m", "may") counts only where the context makes it one.
/// </summary>
internal static class VerifierLexicon
{
    /// <summary>
    /// Question words whose answers differ: "why do I need to verify" asks for a reason, "what do I
    /// need to verify" for a list; "when" and "where" ask for a time and a place. What, how and
    /// which are left out: "what do I do to reset" and "how do I reset" ask the same thing.
    /// </summary>
    public static readonly Dictionary<string, string> QuestionWords = new(StringComparer.Ordinal)
    {
        ["why"] = "why", ["why's"] = "why", ["when"] = "when", ["when's"] = "when", ["where"] = "where",
        ["where's"] = "where", ["whereabouts"] = "where", ["who"] = "who", ["whom"] = "who", ["whose"] = "who", ["who's"] = "who",
    };

    /// <summary>Words that negate on their own; any word ending in "n't" negates too.</summary>
    public static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "nowhere", "without", "cannot",
        "cant", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "hasnt", "havent", "hadnt",
        "wont", "wouldnt", "shouldnt", "couldnt", "mustnt", "aint", "unable", "nope", "non",
    };

    public static readonly Dictionary<string, int> SmallNumbers = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
        ["dozen"] = 12,
    };

    public static readonly Dictionary<string, long> Multipliers = new(StringComparer.Ordinal)
    {
        ["hundred"] = 100, ["thousand"] = 1_000, ["million"] = 1_000_000, ["billion"] = 1_000_000_000, ["trillion"] = 1_000_000_000_000,
    };

    /// <summary>Ordinal words, kept in the number sequence as "#n" ("first" vs "third" differ).</summary>
    public static readonly Dictionary<string, string> Ordinals = new(StringComparer.Ordinal)
    {
        ["first"] = "#1", ["second"] = "#2", ["third"] = "#3", ["fourth"] = "#4", ["fifth"] = "#5", ["sixth"] = "#6",
        ["seventh"] = "#7", ["eighth"] = "#8", ["ninth"] = "#9", ["tenth"] = "#10", ["half"] = "0.5", ["quarter"] = "0.25",
    };

    /// <summary>Arithmetic in words, kept as operators when they follow a number.</summary>
    public static readonly Dictionary<string, string> OperatorWords = new(StringComparer.Ordinal)
    {
        ["plus"] = "+", ["minus"] = "-", ["times"] = "*", ["multiplied"] = "*", ["divided"] = "/", ["over"] = "/", ["mod"] = "%mod",
        ["squared"] = "^2", ["cubed"] = "^3",
    };

    /// <summary>Units and currencies that mean one only right after a number ("5 m", "3 s").</summary>
    public static readonly Dictionary<string, string> UnitsAfterNumber = new(StringComparer.Ordinal)
    {
        ["m"] = "m", ["g"] = "g", ["l"] = "l", ["s"] = "s", ["h"] = "h", ["t"] = "t", ["c"] = "°c", ["f"] = "°f", ["k"] = "k",
        ["min"] = "min", ["mins"] = "min", ["sec"] = "s", ["secs"] = "s", ["second"] = "s", ["seconds"] = "s", ["w"] = "w",
        ["v"] = "v", ["in"] = "in", ["mi"] = "mi", ["won"] = "krw", ["mo"] = "month", ["b"] = "b", ["bn"] = "bn", ["gb"] = "gb",
        ["mb"] = "mb", ["kb"] = "kb", ["tb"] = "tb", ["am"] = "am", ["pm"] = "pm",
    };

    /// <summary>Units and currencies wherever they appear, to a canonical name.</summary>
    public static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["kg"] = "kg", ["kgs"] = "kg", ["kilo"] = "kg", ["kilos"] = "kg", ["kilogram"] = "kg", ["kilograms"] = "kg", ["kilogramme"] = "kg",
        ["gram"] = "g", ["grams"] = "g", ["gramme"] = "g", ["grammes"] = "g", ["mg"] = "mg", ["milligram"] = "mg", ["milligrams"] = "mg",
        ["lb"] = "pound", ["lbs"] = "pound", ["pound"] = "pound", ["pounds"] = "pound", ["oz"] = "oz", ["ounce"] = "oz", ["ounces"] = "oz",
        ["ton"] = "t", ["tons"] = "t", ["tonne"] = "t", ["tonnes"] = "t",
        ["km"] = "km", ["kms"] = "km", ["kilometer"] = "km", ["kilometers"] = "km", ["kilometre"] = "km", ["kilometres"] = "km",
        ["meter"] = "m", ["meters"] = "m", ["metre"] = "m", ["metres"] = "m", ["cm"] = "cm", ["centimeter"] = "cm", ["centimeters"] = "cm",
        ["centimetre"] = "cm", ["centimetres"] = "cm", ["mm"] = "mm", ["millimeter"] = "mm", ["millimeters"] = "mm", ["millimetre"] = "mm",
        ["mile"] = "mi", ["miles"] = "mi", ["mph"] = "mph", ["kph"] = "km/h", ["kmh"] = "km/h", ["foot"] = "ft", ["feet"] = "ft", ["ft"] = "ft",
        ["inch"] = "in", ["inches"] = "in", ["yard"] = "yd", ["yards"] = "yd", ["yd"] = "yd",
        ["liter"] = "l", ["liters"] = "l", ["litre"] = "l", ["litres"] = "l", ["ml"] = "ml", ["milliliter"] = "ml", ["milliliters"] = "ml",
        ["millilitre"] = "ml", ["millilitres"] = "ml", ["gallon"] = "gal", ["gallons"] = "gal", ["gal"] = "gal", ["pint"] = "pint", ["pints"] = "pint",
        ["celsius"] = "°c", ["centigrade"] = "°c", ["fahrenheit"] = "°f", ["kelvin"] = "kelvin", ["degree"] = "°", ["degrees"] = "°",
        ["percent"] = "%", ["percentage"] = "%", ["pct"] = "%",
        ["dollar"] = "usd", ["dollars"] = "usd", ["usd"] = "usd", ["buck"] = "usd", ["bucks"] = "usd", ["cent"] = "cent", ["cents"] = "cent",
        ["euro"] = "eur", ["euros"] = "eur", ["eur"] = "eur", ["gbp"] = "gbp", ["sterling"] = "gbp", ["quid"] = "gbp", ["pence"] = "pence",
        ["yen"] = "jpy", ["jpy"] = "jpy", ["yuan"] = "cny", ["rmb"] = "cny", ["cny"] = "cny", ["renminbi"] = "cny",
        ["rupee"] = "inr", ["rupees"] = "inr", ["inr"] = "inr", ["franc"] = "chf", ["francs"] = "chf", ["chf"] = "chf",
        ["cad"] = "cad", ["aud"] = "aud", ["nzd"] = "nzd", ["sek"] = "sek", ["nok"] = "nok", ["dkk"] = "dkk", ["pln"] = "pln",
        ["czk"] = "czk", ["huf"] = "huf", ["rub"] = "rub", ["ruble"] = "rub", ["rubles"] = "rub", ["rouble"] = "rub", ["roubles"] = "rub",
        ["krw"] = "krw", ["hkd"] = "hkd", ["sgd"] = "sgd", ["mxn"] = "mxn", ["brl"] = "brl", ["zar"] = "zar", ["try"] = "try",
        ["bitcoin"] = "btc", ["bitcoins"] = "btc", ["btc"] = "btc", ["eth"] = "eth", ["ether"] = "eth",
        ["byte"] = "b", ["bytes"] = "b", ["kilobyte"] = "kb", ["kilobytes"] = "kb", ["megabyte"] = "mb", ["megabytes"] = "mb",
        ["gigabyte"] = "gb", ["gigabytes"] = "gb", ["terabyte"] = "tb", ["terabytes"] = "tb",
        ["hz"] = "hz", ["hertz"] = "hz", ["khz"] = "khz", ["mhz"] = "mhz", ["ghz"] = "ghz", ["watt"] = "w", ["watts"] = "w", ["kw"] = "kw",
        ["kwh"] = "kwh", ["volt"] = "v", ["volts"] = "v", ["calorie"] = "kcal", ["calories"] = "kcal", ["kcal"] = "kcal",
        ["ms"] = "ms", ["millisecond"] = "ms", ["milliseconds"] = "ms", ["minute"] = "min", ["minutes"] = "min",
        ["hour"] = "h", ["hours"] = "h", ["hr"] = "h", ["hrs"] = "h", ["day"] = "day", ["days"] = "day",
        ["week"] = "week", ["weeks"] = "week", ["wk"] = "week", ["wks"] = "week", ["fortnight"] = "fortnight",
        ["month"] = "month", ["months"] = "month", ["year"] = "year", ["years"] = "year", ["yr"] = "year", ["yrs"] = "year",
        ["decade"] = "decade", ["decades"] = "decade", ["century"] = "century", ["centuries"] = "century",
        ["hourly"] = "/h", ["daily"] = "/day", ["weekly"] = "/week", ["monthly"] = "/month", ["yearly"] = "/year",
        ["annual"] = "/year", ["annually"] = "/year",
    };

    public static readonly Dictionary<char, string> UnitSymbols = new()
    {
        ['$'] = "usd", ['€'] = "eur", ['£'] = "gbp", ['¥'] = "¥", ['₹'] = "inr", ['₩'] = "krw", ['₽'] = "rub", ['₿'] = "btc", ['%'] = "%",
        ['‰'] = "‰", ['°'] = "°",
    };

    /// <summary>Calendar words to a canonical name; "may", "march" and short weekdays are in <see cref="AmbiguousDates"/>.</summary>
    public static readonly Dictionary<string, string> Dates = new(StringComparer.Ordinal)
    {
        ["january"] = "jan", ["jan"] = "jan", ["february"] = "feb", ["feb"] = "feb", ["april"] = "apr", ["apr"] = "apr",
        ["june"] = "jun", ["jun"] = "jun", ["july"] = "jul", ["jul"] = "jul", ["august"] = "aug", ["aug"] = "aug",
        ["september"] = "sep", ["sept"] = "sep", ["sep"] = "sep", ["october"] = "oct", ["oct"] = "oct",
        ["november"] = "nov", ["nov"] = "nov", ["december"] = "dec", ["dec"] = "dec",
        ["monday"] = "mon", ["mon"] = "mon", ["tuesday"] = "tue", ["tue"] = "tue", ["tues"] = "tue", ["wednesday"] = "wed",
        ["thursday"] = "thu", ["thu"] = "thu", ["thur"] = "thu", ["thurs"] = "thu", ["friday"] = "fri", ["fri"] = "fri",
        ["saturday"] = "sat", ["sunday"] = "sun", ["weekend"] = "weekend", ["weekday"] = "weekday", ["weekdays"] = "weekday",
        ["today"] = "today", ["tonight"] = "tonight", ["tomorrow"] = "tomorrow", ["yesterday"] = "yesterday",
        ["morning"] = "morning", ["afternoon"] = "afternoon", ["evening"] = "evening", ["night"] = "night", ["midnight"] = "midnight",
        ["noon"] = "noon", ["midday"] = "noon", ["ago"] = "ago", ["spring"] = "spring", ["summer"] = "summer", ["autumn"] = "autumn",
        ["winter"] = "winter", ["christmas"] = "christmas", ["easter"] = "easter",
    };

    /// <summary>Calendar words that are also ordinary words: dates only next to a number or capitalised mid-sentence.</summary>
    public static readonly Dictionary<string, string> AmbiguousDates = new(StringComparer.Ordinal)
    {
        ["may"] = "may", ["march"] = "mar", ["mar"] = "mar", ["wed"] = "wed", ["sat"] = "sat", ["sun"] = "sun", ["fall"] = "autumn",
    };

    /// <summary>
    /// Pairs of opposites, left words | right words. A text using one side and a text using the
    /// other are different questions ("before" vs "after"); a text using neither is not judged.
    /// </summary>
    public static readonly (string Name, string[] Left, string[] Right)[] Opposites =
    [
        ("before/after", ["before", "prior", "beforehand"], ["after", "afterwards", "afterward"]),
        ("more/less", ["more", "greater", "higher", "bigger", "larger", "most", "above", "exceed", "exceeds", "increase", "increased", "raise", "raised"],
            ["less", "fewer", "lower", "smaller", "least", "below", "decrease", "decreased", "reduce", "reduced"]),
        ("min/max", ["min", "minimum", "minimal", "minimise", "minimize"], ["max", "maximum", "maximal", "maximise", "maximize"]),
        ("first/last", ["first", "earliest", "oldest"], ["last", "latest", "newest", "final"]),
        ("next/previous", ["next", "upcoming", "following"], ["previous", "preceding"]),
        ("open/close", ["open", "opened", "opening", "reopen"], ["close", "closed", "closing", "shut"]),
        ("buy/sell", ["buy", "bought", "buying", "purchase", "purchased"], ["sell", "sold", "selling"]),
        ("add/remove", ["add", "added", "adding"], ["remove", "removed", "removing", "delete", "deleted", "deleting"]),
        ("enable/disable", ["enable", "enabled", "activate", "activated", "activating"], ["disable", "disabled", "deactivate", "deactivated", "deactivating"]),
        ("send/receive", ["send", "sent", "sending", "outgoing", "outbound"], ["receive", "received", "receiving", "incoming", "inbound"]),
        ("deposit/withdraw", ["deposit", "deposited", "depositing", "top-up"], ["withdraw", "withdrew", "withdrawn", "withdrawal", "withdrawing"]),
        ("import/export", ["import", "imported", "importing"], ["export", "exported", "exporting"]),
        ("upload/download", ["upload", "uploaded", "uploading"], ["download", "downloaded", "downloading"]),
        ("start/stop", ["start", "started", "starting", "begin", "began"], ["stop", "stopped", "stopping", "finish", "finished"]),
        ("login/logout", ["login", "signin"], ["logout", "signout"]),
        ("encrypt/decrypt", ["encrypt", "encrypted", "encryption"], ["decrypt", "decrypted", "decryption"]),
        ("ascending/descending", ["ascending", "asc"], ["descending", "desc"]),
        ("true/false", ["true"], ["false"]),
        ("accept/reject", ["accept", "accepted", "approve", "approved"], ["reject", "rejected", "decline", "declined", "deny", "denied", "refused"]),
        ("credit/debit", ["credit", "credited"], ["debit", "debited"]),
        ("north/south", ["north", "northern"], ["south", "southern"]),
        ("east/west", ["east", "eastern"], ["west", "western"]),
        ("male/female", ["male", "man", "men", "boy", "boys"], ["female", "woman", "women", "girl", "girls"]),
        ("early/late", ["early", "earlier"], ["late", "later"]),
        ("cheap/expensive", ["cheap", "cheaper", "cheapest"], ["expensive", "pricier", "priciest"]),
        ("fast/slow", ["fast", "faster", "fastest", "quick", "quicker", "quickest"], ["slow", "slower", "slowest"]),
        ("hot/cold", ["hot", "hotter", "hottest", "warm", "warmer"], ["cold", "colder", "coldest", "cool", "cooler"]),
        ("lock/unlock", ["lock", "locked", "freeze", "frozen", "block", "blocked"], ["unlock", "unlocked", "unfreeze", "unblock", "unblocked"]),
        ("online/offline", ["online"], ["offline"]),
        ("public/private", ["public"], ["private"]),
        ("input/output", ["input", "inputs"], ["output", "outputs"]),
        ("install/uninstall", ["install", "installed"], ["uninstall", "uninstalled"]),
        ("subscribe/unsubscribe", ["subscribe", "subscribed"], ["unsubscribe", "unsubscribed"]),
        ("connect/disconnect", ["connect", "connected"], ["disconnect", "disconnected"]),
        ("include/exclude", ["include", "including", "included"], ["exclude", "excluding", "excluded", "except"]),
        ("success/failure", ["success", "successful", "succeeded"], ["fail", "failed", "failure", "failing"]),
        ("win/lose", ["win", "won", "winning"], ["lose", "lost", "losing"]),
        ("(CJK) before/after", ["之前", "以前"], ["之后", "以后", "之後", "以後"]),
        ("(CJK) max/min", ["最大", "最多", "最高"], ["最小", "最少", "最低"]),
        ("(CJK) increase/decrease", ["增加", "提高"], ["减少", "降低", "減少"]),
        ("(CJK) open/close", ["打开", "開く"], ["关闭", "閉じる"]),
        ("(CJK) buy/sell", ["买", "買"], ["卖", "賣", "売"]),
    ];

    /// <summary>Word → (pair index, true for the left side).</summary>
    public static readonly Dictionary<string, (int Pair, bool Left)> OppositeIndex = BuildOppositeIndex();

    /// <summary>
    /// Capitalised words that start sentences without being names. A capitalised first word not
    /// in this list is treated as a possible name, which the other text must then contain.
    /// </summary>
    public static readonly HashSet<string> SentenceStarters = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "i", "i'm", "i've", "i'd", "i'll", "im", "ive", "me", "my", "we", "our", "you", "your", "he", "she", "it",
        "its", "it's", "they", "their", "this", "that", "these", "those", "there", "here", "what", "what's", "whats", "how", "how's",
        "why", "when", "where", "which", "who", "whom", "whose", "is", "are", "was", "were", "be", "am", "do", "does", "did",
        "have", "has", "had", "can", "could", "would", "should", "will", "shall", "may", "might", "must", "please", "pls", "plz",
        "hi", "hello", "hey", "dear", "thanks", "thank", "ok", "okay", "yes", "yeah", "so", "and", "but", "or", "if", "then",
        "also", "just", "now", "still", "again", "in", "on", "at", "for", "to", "from", "with", "by", "of", "about", "after",
        "before", "since", "during", "while", "because", "although", "though", "once", "some", "any", "all", "every", "each",
        "no", "not", "none", "is", "tell", "give", "show", "explain", "describe", "write", "list", "find", "help", "need", "want",
        "would", "let", "let's", "lets", "get", "make", "check", "send", "cancel", "change", "update", "delete", "remove", "add",
        "create", "reset", "set", "use", "using", "go", "why's", "where's", "who's", "when's", "im", "can't", "cannot", "don't",
        "doesn't", "didn't", "isn't", "aren't", "won't", "wasn't", "haven't", "hasn't", "i'd", "someone", "somebody", "anyone",
        "anybody", "something", "anything", "everything", "nothing", "maybe", "perhaps", "really", "actually", "well", "sorry",
        "urgent", "quick", "question", "like", "see", "look", "try", "know", "think", "wondering", "good", "great", "hmm", "um",
        "new", "old", "other", "another", "many", "much", "more", "most", "very", "too", "only", "even", "yet", "already",
        "same", "different", "first", "last", "next", "both", "either", "neither", "such", "own", "few", "several", "whats",
        "where", "whatever", "whenever", "however", "otherwise", "instead", "lastly", "finally", "additionally", "unfortunately",
        "recently", "currently", "today", "yesterday", "tomorrow", "apparently", "suddenly",
    };

    private static Dictionary<string, (int Pair, bool Left)> BuildOppositeIndex()
    {
        var index = new Dictionary<string, (int, bool)>(StringComparer.Ordinal);
        for (var pair = 0; pair < Opposites.Length; pair++)
        {
            foreach (var word in Opposites[pair].Left)
            {
                index[word] = (pair, true);
            }

            foreach (var word in Opposites[pair].Right)
            {
                index[word] = (pair, false);
            }
        }

        return index;
    }
}
