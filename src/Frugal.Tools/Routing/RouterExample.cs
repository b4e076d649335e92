namespace Frugal.Tools.Routing;

/// <summary>One labelled prompt: whether the weak and the strong model each answered it correctly.</summary>
public sealed record RouterExample(string Prompt, bool WeakCorrect, bool StrongCorrect)
{
    /// <summary>Only the strong model got it right: the one case where paying for it changes the answer.</summary>
    public bool StrongNeeded => !WeakCorrect && StrongCorrect;
}
