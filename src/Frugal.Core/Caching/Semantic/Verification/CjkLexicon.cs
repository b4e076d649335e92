namespace Frugal.Core.Caching.Semantic.Verification;

/// <summary>
/// Chinese, Japanese and Korean cues for the verifier, matched inside runs of text written
/// without spaces. Longest entries are tried first so 星期一 is a weekday, not the numeral 一.
/// </summary>
internal static class CjkLexicon
{
    /// <summary>Negating characters (Chinese 不 没 别 未 无 非 ..., Korean 않 못 없).</summary>
    public const string NegationChars = "不没沒别別未无無非莫勿甭않못없";

    /// <summary>Japanese negative endings. ず and ぬ are left out: まず ("first") and 必ず ("surely") are not negations.</summary>
    public static readonly string[] NegationWords = ["ない", "ません", "なかっ", "無い"];

    public const string NumeralChars = "零〇一二三四五六七八九十百千万萬亿億两兩";

    /// <summary>Calendar words → canonical date names (shared with English ones where they mean the same).</summary>
    public static readonly (string Word, string Canonical)[] Dates = Sorted(
    [
        ("今天", "today"), ("今日", "today"), ("明天", "tomorrow"), ("明日", "tomorrow"), ("昨天", "yesterday"), ("昨日", "yesterday"),
        ("后天", "+2d"), ("後天", "+2d"), ("明後日", "+2d"), ("前天", "-2d"), ("一昨日", "-2d"), ("今晚", "tonight"), ("今夜", "tonight"),
        ("明晚", "tomorrow-night"), ("星期一", "mon"), ("星期二", "tue"), ("星期三", "wed"), ("星期四", "thu"), ("星期五", "fri"),
        ("星期六", "sat"), ("星期日", "sun"), ("星期天", "sun"), ("周一", "mon"), ("周二", "tue"), ("周三", "wed"), ("周四", "thu"),
        ("周五", "fri"), ("周六", "sat"), ("周日", "sun"), ("周末", "weekend"), ("週末", "weekend"), ("月曜日", "mon"), ("火曜日", "tue"),
        ("水曜日", "wed"), ("木曜日", "thu"), ("金曜日", "fri"), ("土曜日", "sat"), ("日曜日", "sun"), ("上午", "morning"),
        ("早上", "morning"), ("午前", "morning"), ("下午", "afternoon"), ("午後", "afternoon"), ("晚上", "evening"),
        ("夜", "night"), ("今年", "this-year"), ("去年", "last-year"), ("明年", "next-year"), ("来年", "next-year"), ("今月", "this-month"),
        ("本月", "this-month"), ("这个月", "this-month"), ("上个月", "last-month"), ("先月", "last-month"), ("下个月", "next-month"),
        ("来月", "next-month"), ("今週", "this-week"), ("本周", "this-week"), ("这周", "this-week"), ("上周", "last-week"),
        ("先週", "last-week"), ("下周", "next-week"), ("来週", "next-week"), ("오늘", "today"), ("내일", "tomorrow"), ("어제", "yesterday"),
    ]);

    /// <summary>Question words asking for a reason, time, place or person (see <see cref="VerifierLexicon.QuestionWords"/>).</summary>
    public static readonly (string Word, string Canonical)[] Questions = Sorted(
    [
        ("为什么", "why"), ("為什麼", "why"), ("为何", "why"), ("什么时候", "when"), ("什麼時候", "when"), ("哪里", "where"),
        ("哪裡", "where"), ("哪儿", "where"), ("谁", "who"), ("誰", "who"), ("なぜ", "why"), ("どうして", "why"), ("いつ", "when"),
        ("どこ", "where"), ("왜", "why"), ("언제", "when"), ("어디", "where"), ("누구", "who"),
    ]);

    /// <summary>Units and currencies written in CJK.</summary>
    public static readonly (string Word, string Canonical)[] Units = Sorted(
    [
        ("美元", "usd"), ("美金", "usd"), ("ドル", "usd"), ("欧元", "eur"), ("歐元", "eur"), ("ユーロ", "eur"), ("日元", "jpy"),
        ("日圆", "jpy"), ("円", "jpy"), ("英镑", "gbp"), ("英鎊", "gbp"), ("ポンド", "pound"), ("人民币", "cny"), ("人民幣", "cny"),
        ("元", "cny"), ("块钱", "cny"), ("원", "krw"), ("公斤", "kg"), ("千克", "kg"), ("キロ", "k"), ("克", "g"), ("グラム", "g"),
        ("公里", "km"), ("千米", "km"), ("英里", "mi"), ("マイル", "mi"), ("厘米", "cm"), ("センチ", "cm"), ("毫米", "mm"),
        ("磅", "pound"), ("升", "l"), ("リットル", "l"), ("摄氏", "°c"), ("華氏", "°f"), ("华氏", "°f"), ("度", "°"),
        ("百分之", "%"), ("パーセント", "%"), ("小时", "h"), ("小時", "h"), ("時間", "h"), ("分钟", "min"), ("分鐘", "min"),
        ("秒", "s"), ("天", "day"), ("日間", "day"), ("星期", "week"), ("週間", "week"), ("个月", "month"), ("ヶ月", "month"),
        ("か月", "month"), ("年", "year"),
    ]);

    public static int NumeralValue(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' or '兩' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };

    public static long Multiplier(char c) => c switch
    {
        '十' => 10,
        '百' => 100,
        '千' => 1_000,
        '万' or '萬' => 10_000,
        '亿' or '億' => 100_000_000,
        _ => 0,
    };

    private static (string, string)[] Sorted((string Word, string Canonical)[] entries)
    {
        Array.Sort(entries, static (a, b) => b.Word.Length.CompareTo(a.Word.Length));
        return entries;
    }
}
