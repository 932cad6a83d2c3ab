/// One turn of a conversation handed to a chat template.
public struct ChatMessage: Sendable, Equatable {
    /// `system`, `user`, `assistant` (templates decide which they accept).
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// A model's chat template (`tokenizer.chat_template`), parsed once and rendered
/// per conversation by Apiary's Jinja interpreter.
///
/// Rendering matches Hugging Face's `apply_chat_template`: jinja2 with
/// `trim_blocks=True, lstrip_blocks=True` (so a newline after `{% ... %}` and the
/// indentation before it vanish), `tojson` as `json.dumps(ensure_ascii=False)`,
/// `raise_exception(message)` and `strftime_now(format)` as globals, loop
/// `break`/`continue`, and no mutation of lists or dicts. The variables are
/// `messages`, `add_generation_prompt`, `bos_token`, `eos_token`, `tools` and
/// `documents` (both `none` unless given in `extra`), plus `extra`.
public struct ChatTemplate: Sendable {
    /// The template text as stored in the model.
    public let source: String
    private let nodes: [JinjaNode]

    /// Parses `source`; throws `TemplateError.syntax` with the line and column of the problem.
    public init(source: String) throws(TemplateError) {
        self.source = source
        self.nodes = try JinjaParser.parse(source)
    }

    /// Renders a conversation into the prompt text the model expects.
    ///
    /// - Parameters:
    ///   - addGenerationPrompt: append the header that starts the assistant's reply.
    ///   - extra: further template variables (they override the standard ones).
    /// - Throws: `TemplateError` — `.raised` when the template rejects the conversation.
    public func render(messages: [ChatMessage], addGenerationPrompt: Bool, bosToken: String, eosToken: String,
                       extra: [String: TemplateValue] = [:]) throws(TemplateError) -> String {
        var variables: [String: JinjaValue] = [
            "messages": .list(messages.map { message in
                var dict = JinjaDict()
                dict["role"] = .string(message.role)
                dict["content"] = .string(message.content)
                return .dict(dict)
            }),
            "add_generation_prompt": .bool(addGenerationPrompt),
            "bos_token": .string(bosToken),
            "eos_token": .string(eosToken),
            "tools": .none,
            "documents": .none,
        ]
        for (key, value) in extra { variables[key] = JinjaValue(value) }
        return try JinjaRenderer(variables: variables).render(nodes)
    }
}
