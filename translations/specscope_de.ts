<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>EngineText</name>
    <message>
        <source>Plain autoregressive decoding: one target forward per token (the baseline).</source>
        <translation>Einfaches autoregressives Dekodieren: ein Vorwärtslauf des Zielmodells pro Token (die Basislinie).</translation>
    </message>
    <message>
        <source>Speculative sampling: a draft model proposes a chain, the target verifies it in one forward.</source>
        <translation>Spekulatives Sampling: ein Entwurfsmodell schlägt eine Kette vor, das Zielmodell prüft sie in einem Vorwärtslauf.</translation>
    </message>
    <message>
        <source>draft length (the start value under &apos;heuristic&apos;)</source>
        <translation>Entwurfslänge (der Startwert bei „heuristic“)</translation>
    </message>
    <message>
        <source>draft-length policy</source>
        <translation>Regel für die Entwurfslänge</translation>
    </message>
    <message>
        <source>&apos;confidence&apos;: stop drafting below this probability</source>
        <translation>„confidence“: Entwurf unter dieser Wahrscheinlichkeit beenden</translation>
    </message>
    <message>
        <source>A fixed tree of the draft&apos;s top-ranked tokens, verified in one target forward.</source>
        <translation>Ein fester Baum aus den bestplatzierten Token des Entwurfs, geprüft in einem Vorwärtslauf des Zielmodells.</translation>
    </message>
    <message>
        <source>&apos;default&apos; or rank paths as JSON, e.g. [[0],[1],[0,0]]</source>
        <translation>„default“ oder Rangpfade als JSON, z. B. [[0],[1],[0,0]]</translation>
    </message>
    <message>
        <source>EAGLE-2-style tree grown by cumulative draft probability, verified in one target forward.</source>
        <translation>Baum nach EAGLE-2, gewachsen nach kumulierter Entwurfswahrscheinlichkeit, geprüft in einem Vorwärtslauf des Zielmodells.</translation>
    </message>
    <message>
        <source>tree size, root included</source>
        <translation>Baumgröße, Wurzel eingeschlossen</translation>
    </message>
    <message>
        <source>levels to grow</source>
        <translation>Anzahl der Ebenen</translation>
    </message>
    <message>
        <source>children per expanded node and nodes expanded per level</source>
        <translation>Kinder je erweitertem Knoten und erweiterte Knoten je Ebene</translation>
    </message>
    <message>
        <source>Prompt lookup: drafts what followed the last n-gram earlier in the context (no draft model).</source>
        <translation>Prompt-Lookup: entwirft, was früher im Kontext auf das letzte n-Gramm folgte (kein Entwurfsmodell).</translation>
    </message>
    <message>
        <source>longest n-gram to match</source>
        <translation>längstes zu suchendes n-Gramm</translation>
    </message>
    <message>
        <source>most tokens drafted per step</source>
        <translation>höchstens entworfene Token pro Schritt</translation>
    </message>
    <message>
        <source>Kangaroo: the target&apos;s first layers plus a small trained adapter draft; drafting stops when the adapter&apos;s confidence drops below the threshold; verification runs only the remaining layers. Lossless.</source>
        <translation>Kangaroo: die ersten Schichten des Zielmodells und ein kleiner trainierter Adapter entwerfen; der Entwurf endet, wenn die Konfidenz des Adapters unter die Schwelle fällt; die Prüfung rechnet nur die übrigen Schichten. Verlustfrei.</translation>
    </message>
    <message>
        <source>layer ℓ the draft exits at; 0 = the target&apos;s default adapter</source>
        <translation>Schicht ℓ, an der der Entwurf aussteigt; 0 = Standardadapter des Zielmodells</translation>
    </message>
    <message>
        <source>η: stop drafting when the adapter&apos;s top probability is below it</source>
        <translation>η: Entwurf beenden, wenn die höchste Wahrscheinlichkeit des Adapters darunter liegt</translation>
    </message>
    <message>
        <source>the longest draft</source>
        <translation>der längste Entwurf</translation>
    </message>
    <message>
        <source>adapter file (stem or .json); empty = &lt;target&gt;/kangaroo/adapter_l&lt;ℓ&gt;</source>
        <translation>Adapterdatei (Stamm oder .json); leer = &lt;Ziel&gt;/kangaroo/adapter_l&lt;ℓ&gt;</translation>
    </message>
</context>
<context>
    <name>RunWorker</name>
    <message>
        <source>Loading cancelled.</source>
        <translation>Laden abgebrochen.</translation>
    </message>
    <message>
        <source>The run is not being stored: %1</source>
        <translation>Der Lauf wird nicht gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speculative and adaptive-computation decoding of language models.</source>
        <translation>Werkbank für spekulatives und adaptives Dekodieren von Sprachmodellen.</translation>
    </message>
    <message>
        <source>Load the bundled demo models and start an sps run at once.</source>
        <translation>Die mitgelieferten Demo-Modelle laden und sofort einen sps-Lauf starten.</translation>
    </message>
    <message>
        <source>Open the trace file &lt;file&gt;.</source>
        <translation>Die Trace-Datei &lt;file&gt; öffnen.</translation>
    </message>
    <message>
        <source>With --trace: open run &lt;id&gt;.</source>
        <translation>Mit --trace: Lauf &lt;id&gt; öffnen.</translation>
    </message>
    <message>
        <source>Record live runs into &lt;file&gt;.</source>
        <translation>Live-Läufe in &lt;file&gt; aufzeichnen.</translation>
    </message>
    <message>
        <source>With --demo: the method to run.</source>
        <translation>Mit --demo: das auszuführende Verfahren.</translation>
    </message>
    <message>
        <source>Interface language: en, de or zh_CN.</source>
        <translation>Sprache der Oberfläche: en, de oder zh_CN.</translation>
    </message>
    <message>
        <source>Use the dark palette.</source>
        <translation>Die dunklen Farben verwenden.</translation>
    </message>
    <message>
        <source>Save a screenshot to &lt;png&gt; once the run or load is done, then quit.</source>
        <translation>Nach Lauf oder Laden ein Bildschirmfoto nach &lt;png&gt; speichern, dann beenden.</translation>
    </message>
    <message>
        <source>With --trace and --run: time opening the run and drawing every view, print JSON, quit.</source>
        <translation>Mit --trace und --run: das Öffnen des Laufs und das Zeichnen aller Ansichten messen, JSON ausgeben, beenden.</translation>
    </message>
    <message>
        <source>With --demo: print the live run&apos;s tokens/s as JSON when it ends, quit.</source>
        <translation>Mit --demo: am Ende die Token/s des Live-Laufs als JSON ausgeben, beenden.</translation>
    </message>
    <message>
        <source>With --trace: compare runs &lt;a,b&gt; side by side.</source>
        <translation>Mit --trace: die Läufe &lt;a,b&gt; nebeneinander vergleichen.</translation>
    </message>
    <message>
        <source>With --demo: tokens to generate.</source>
        <translation>Mit --demo: zu erzeugende Token.</translation>
    </message>
</context>
<context>
    <name>specscope::gui::MainWindow</name>
    <message>
        <source>SpecScope</source>
        <translation>SpecScope</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Models loaded.</source>
        <translation>Modelle geladen.</translation>
    </message>
    <message>
        <source>The models could not be loaded</source>
        <translation>Die Modelle konnten nicht geladen werden</translation>
    </message>
    <message>
        <source>SpecScope — %1 (live)</source>
        <translation>SpecScope — %1 (live)</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tokens/s</source>
        <translation>%1 Token · %2 Token/s</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>Choose a target model first.</source>
        <translation>Zuerst ein Zielmodell wählen.</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>Run the chosen method on the prompt (Ctrl+Return); loads the models first if needed</source>
        <translation>Das gewählte Verfahren auf den Prompt anwenden (Strg+Eingabe); lädt bei Bedarf zuerst die Modelle</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <source>Pause after the step in flight (F6)</source>
        <translation>Nach dem laufenden Schritt anhalten (F6)</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Schritt</translation>
    </message>
    <message>
        <source>One speculation round (F10); starts a paused run when none is running</source>
        <translation>Eine Spekulationsrunde (F10); startet einen pausierten Lauf, wenn keiner läuft</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;topp</translation>
    </message>
    <message>
        <source>End the run after the step in flight (Shift+F5)</source>
        <translation>Den Lauf nach dem laufenden Schritt beenden (Umschalt+F5)</translation>
    </message>
    <message>
        <source>Run library</source>
        <translation>Laufbibliothek</translation>
    </message>
    <message>
        <source>Draft tree</source>
        <translation>Entwurfsbaum</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>Annahme</translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Run controls</source>
        <translation>Laufsteuerung</translation>
    </message>
    <message>
        <source>Follow latest</source>
        <translation>Neuestem folgen</translation>
    </message>
    <message>
        <source>Show the latest step in every view (Ctrl+End)</source>
        <translation>Den neuesten Schritt in jeder Ansicht zeigen (Strg+Ende)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open trace file…</source>
        <translation>Trace-Datei ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Show &amp;my runs</source>
        <translation>&amp;Meine Läufe zeigen</translation>
    </message>
    <message>
        <source>&amp;Export run</source>
        <translation>Lauf &amp;exportieren</translation>
    </message>
    <message>
        <source>As &amp;JSON…</source>
        <translation>Als &amp;JSON…</translation>
    </message>
    <message>
        <source>As &amp;CSV (folder)…</source>
        <translation>Als &amp;CSV (Ordner)…</translation>
    </message>
    <message>
        <source>As &amp;Perfetto trace…</source>
        <translation>Als &amp;Perfetto-Trace…</translation>
    </message>
    <message>
        <source>Export &amp;plot</source>
        <translation>&amp;Diagramm exportieren</translation>
    </message>
    <message>
        <source>Acceptance…</source>
        <translation>Annahme…</translation>
    </message>
    <message>
        <source>Entropy…</source>
        <translation>Entropie…</translation>
    </message>
    <message>
        <source>Layers…</source>
        <translation>Schichten…</translation>
    </message>
    <message>
        <source>Token stream (PNG)…</source>
        <translation>Token-Strom (PNG)…</translation>
    </message>
    <message>
        <source>Draft tree (PNG)…</source>
        <translation>Entwurfsbaum (PNG)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Load models</source>
        <translation>Modelle &amp;laden</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>&amp;Navigieren</translation>
    </message>
    <message>
        <source>Previous token</source>
        <translation>Vorheriges Token</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>Nächstes Token</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>Vorheriger Schritt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Dark palette</source>
        <translation>&amp;Dunkle Farben</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>The language changes when SpecScope starts again.</source>
        <translation>Die Sprache wechselt beim nächsten Start von SpecScope.</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Guided tour</source>
        <translation>&amp;Geführte Tour</translation>
    </message>
    <message>
        <source>Guided tour</source>
        <translation>Geführte Tour</translation>
    </message>
    <message>
        <source>&lt;ol&gt;&lt;li&gt;The bundled demo models are chosen in the &lt;b&gt;Run&lt;/b&gt; panel; press &lt;b&gt;Run&lt;/b&gt; (Ctrl+Return): they load on a worker, then sps (speculative sampling) runs.&lt;/li&gt;&lt;li&gt;The &lt;b&gt;token stream&lt;/b&gt; colours every token by where it came from: green accepted drafts, red corrections, blue bonus tokens, grey plain target tokens. Hover a token for its probabilities; click it to select it in every view.&lt;/li&gt;&lt;li&gt;The &lt;b&gt;draft tree&lt;/b&gt; shows what the draft proposed in the selected step and what the target accepted; &lt;b&gt;Acceptance&lt;/b&gt; and &lt;b&gt;Entropy&lt;/b&gt; explain the speed: acceptance drops where the target is uncertain.&lt;/li&gt;&lt;li&gt;Choose &lt;b&gt;tree-dynamic&lt;/b&gt; and press &lt;b&gt;Step&lt;/b&gt; (F10) to watch one round at a time.&lt;/li&gt;&lt;li&gt;Every run is stored: the &lt;b&gt;Run library&lt;/b&gt; reopens, renames, deletes and compares runs; File ▸ Export writes JSON, CSV or a Perfetto trace.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;Die mitgelieferten Demo-Modelle sind im Bereich &lt;b&gt;Lauf&lt;/b&gt; gewählt; &lt;b&gt;Starten&lt;/b&gt; drücken (Strg+Eingabe): sie werden im Hintergrund geladen, dann läuft sps (spekulatives Sampling).&lt;/li&gt;&lt;li&gt;Der &lt;b&gt;Token-Strom&lt;/b&gt; färbt jedes Token nach seiner Herkunft: grün angenommene Entwürfe, rot Korrekturen, blau Bonus-Token, grau gewöhnliche Token des Zielmodells. Mit der Maus über einem Token erscheinen seine Wahrscheinlichkeiten; ein Klick wählt es in allen Ansichten aus.&lt;/li&gt;&lt;li&gt;Der &lt;b&gt;Entwurfsbaum&lt;/b&gt; zeigt, was das Entwurfsmodell im gewählten Schritt vorschlug und was das Zielmodell annahm; &lt;b&gt;Annahme&lt;/b&gt; und &lt;b&gt;Entropie&lt;/b&gt; erklären die Geschwindigkeit: die Annahme sinkt, wo das Zielmodell unsicher ist.&lt;/li&gt;&lt;li&gt;&lt;b&gt;tree-dynamic&lt;/b&gt; wählen und &lt;b&gt;Schritt&lt;/b&gt; (F10) drücken, um eine Runde nach der anderen zu sehen.&lt;/li&gt;&lt;li&gt;Jeder Lauf wird gespeichert: die &lt;b&gt;Laufbibliothek&lt;/b&gt; öffnet, benennt um, löscht und vergleicht Läufe; Datei ▸ Exportieren schreibt JSON, CSV oder einen Perfetto-Trace.&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>&amp;About SpecScope</source>
        <translation>&amp;Über SpecScope</translation>
    </message>
    <message>
        <source>About SpecScope</source>
        <translation>Über SpecScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SpecScope %1&lt;/h3&gt;&lt;p&gt;A workbench for speculative and adaptive-computation decoding: run methods live on real checkpoints and the bundled demo models, see every draft, verification and layer, and keep every run as a trace.&lt;/p&gt;&lt;p&gt;Traces: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SpecScope %1&lt;/h3&gt;&lt;p&gt;Eine Werkbank für spekulatives und adaptives Dekodieren: Verfahren live auf echten Checkpoints und den mitgelieferten Demo-Modellen ausführen, jeden Entwurf, jede Prüfung und jede Schicht sehen und jeden Lauf als Trace behalten.&lt;/p&gt;&lt;p&gt;Traces: %2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>&amp;Fortsetzen</translation>
    </message>
    <message>
        <source>Loading models</source>
        <translation>Modelle werden geladen</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>The method %1 needs a draft model: choose one in the Run panel.</source>
        <translation>Das Verfahren %1 braucht ein Entwurfsmodell: im Bereich Lauf eines wählen.</translation>
    </message>
    <message>
        <source>Prefilling; press Step for each round.</source>
        <translation>Prefill läuft; Schritt drücken für jede Runde.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>SpecScope — %1</source>
        <translation>SpecScope — %1</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>Lauf fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Run %1: %2 tokens, τ %3, %4 tokens/s</source>
        <translation>Lauf %1: %2 Token, τ %3, %4 Token/s</translation>
    </message>
    <message>
        <source>Opening run %1…</source>
        <translation>Lauf %1 wird geöffnet…</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>Lauf öffnen</translation>
    </message>
    <message>
        <source>SpecScope — run %1 (%2)</source>
        <translation>SpecScope — Lauf %1 (%2)</translation>
    </message>
    <message>
        <source>Opened run %1.</source>
        <translation>Lauf %1 geöffnet.</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>Läufe vergleichen</translation>
    </message>
    <message>
        <source>Compare run %1 with run %2</source>
        <translation>Lauf %1 mit Lauf %2 vergleichen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>There is no run to export: run one or open one from the library.</source>
        <translation>Es gibt keinen Lauf zum Exportieren: einen starten oder aus der Bibliothek öffnen.</translation>
    </message>
    <message>
        <source>Export the run as CSV files into a folder</source>
        <translation>Den Lauf als CSV-Dateien in einen Ordner exportieren</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>Den Lauf exportieren</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Nach %1 exportiert</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <source>Save view as PNG</source>
        <translation>Ansicht als PNG speichern</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Open a trace file</source>
        <translation>Eine Trace-Datei öffnen</translation>
    </message>
    <message>
        <source>SpecScope traces (*.db *.sqlite);;All files (*)</source>
        <translation>SpecScope-Traces (*.db *.sqlite);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>specscope::gui::RunPanel</name>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>%1 (bundled)</source>
        <translation>%1 (mitgeliefert)</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model directory (config.json, *.safetensors, tokenizer.json)</source>
        <translation>Ein Hugging-Face-Modellverzeichnis wählen (config.json, *.safetensors, tokenizer.json)</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Ziel:</translation>
    </message>
    <message>
        <source>Draft:</source>
        <translation>Entwurf:</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <source>Load models</source>
        <translation>Modelle laden</translation>
    </message>
    <message>
        <source>Load the target and draft on a background thread</source>
        <translation>Ziel- und Entwurfsmodell im Hintergrund laden</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>No models loaded.</source>
        <translation>Keine Modelle geladen.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source> (lossy)</source>
        <translation> (verlustbehaftet)</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Example prompts…</source>
        <translation>Beispiel-Prompts…</translation>
    </message>
    <message>
        <source>Type a prompt, or pick an example above</source>
        <translation>Einen Prompt eingeben oder oben ein Beispiel wählen</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0 (greedy)</translation>
    </message>
    <message>
        <source>0 decodes greedily; above 0 samples (lossless methods keep the target&apos;s distribution)</source>
        <translation>0 dekodiert greedy; über 0 wird gesampelt (verlustfreie Verfahren behalten die Verteilung des Zielmodells)</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>Temperatur:</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Seed:</translation>
    </message>
    <message>
        <source>New tokens:</source>
        <translation>Neue Token:</translation>
    </message>
    <message>
        <source>Choose a model directory</source>
        <translation>Modellverzeichnis wählen</translation>
    </message>
    <message>
        <source> Lossy: the output may differ from the target&apos;s.</source>
        <translation> Verlustbehaftet: die Ausgabe kann von der des Zielmodells abweichen.</translation>
    </message>
    <message>
        <source>No parameters.</source>
        <translation>Keine Parameter.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message numerus="yes">
        <source>Loaded: %1 (%n layers)</source>
        <translation>
            <numerusform>Geladen: %1 (%n Schicht)</numerusform>
            <numerusform>Geladen: %1 (%n Schichten)</numerusform>
        </translation>
    </message>
    <message>
        <source> with draft %1</source>
        <translation> mit Entwurfsmodell %1</translation>
    </message>
    <message>
        <source>Not loaded: %1</source>
        <translation>Nicht geladen: %1</translation>
    </message>
</context>
<context>
    <name>specscope::views</name>
    <message>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>accepted draft</source>
        <translation>angenommener Entwurf</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>Korrektur</translation>
    </message>
    <message>
        <source>bonus</source>
        <translation>Bonus</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>angenommen</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>nicht erreicht</translation>
    </message>
    <message>
        <source>There is no plot to export.</source>
        <translation>Es gibt kein Diagramm zum Exportieren.</translation>
    </message>
    <message>
        <source>Cannot export to %1: unknown file type &quot;%2&quot; (use .png, .svg or .pdf).</source>
        <translation>Export nach %1 nicht möglich: unbekannter Dateityp &quot;%2&quot; (.png, .svg oder .pdf verwenden).</translation>
    </message>
    <message>
        <source>no extension</source>
        <translation>keine Endung</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Plot exported by SpecScope</source>
        <translation>Von SpecScope exportiertes Diagramm</translation>
    </message>
    <message>
        <source>Cannot export to %1: the plot could not be drawn as %2.</source>
        <translation>Export nach %1 nicht möglich: das Diagramm konnte nicht als %2 gezeichnet werden.</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG-Bild (*.png);;SVG-Zeichnung (*.svg);;PDF-Dokument (*.pdf)</translation>
    </message>
</context>
<context>
    <name>specscope::views::AcceptanceView</name>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>acceptance rate</source>
        <translation>Annahmequote</translation>
    </message>
    <message>
        <source>accepted length (all drafts accepted)</source>
        <translation>angenommene Länge (alle Entwürfe angenommen)</translation>
    </message>
    <message>
        <source>accepted length (a draft rejected)</source>
        <translation>angenommene Länge (ein Entwurf abgelehnt)</translation>
    </message>
    <message>
        <source>running τ (tokens per step)</source>
        <translation>laufendes τ (Token je Schritt)</translation>
    </message>
    <message>
        <source>running acceptance rate</source>
        <translation>laufende Annahmequote</translation>
    </message>
    <message>
        <source>accepted length</source>
        <translation>angenommene Länge</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>steps per accepted length</source>
        <translation>Schritte je angenommener Länge</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Noch kein Lauf</translation>
    </message>
    <message>
        <source>Waiting for the first step…</source>
        <translation>Warten auf den ersten Schritt…</translation>
    </message>
    <message>
        <source>This run has no steps</source>
        <translation>Dieser Lauf hat keine Schritte</translation>
    </message>
    <message>
        <source>This run drafted nothing (plain decoding): acceptance does not apply</source>
        <translation>Dieser Lauf hat nichts entworfen (gewöhnliches Dekodieren): Annahme entfällt</translation>
    </message>
</context>
<context>
    <name>specscope::views::CompareStrip</name>
    <message>
        <source>No run</source>
        <translation>Kein Lauf</translation>
    </message>
    <message>
        <source>&apos;%1&apos; · %2 · position %3</source>
        <translation>&apos;%1&apos; · %2 · Position %3</translation>
    </message>
    <message>
        <source> · step %1</source>
        <translation> · Schritt %1</translation>
    </message>
    <message>
        <source> · generated token %1</source>
        <translation> · erzeugtes Token %1</translation>
    </message>
</context>
<context>
    <name>specscope::views::CompareView</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>same</source>
        <translation>gleich</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>B vs A</source>
        <translation>B gegen A</translation>
    </message>
    <message>
        <source>%1: %2 — %3, run %4</source>
        <translation>%1: %2 — %3, Lauf %4</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source>different</source>
        <translation>verschieden</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>Neue Token</translation>
    </message>
    <message>
        <source>Steps (target forwards)</source>
        <translation>Schritte (Vorwärtsläufe des Zielmodells)</translation>
    </message>
    <message>
        <source>τ (tokens per forward)</source>
        <translation>τ (Token je Vorwärtslauf)</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>Annahme</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 Pp.</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Token/s</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Draft time</source>
        <translation>Entwurfszeit</translation>
    </message>
    <message>
        <source>Verify time</source>
        <translation>Prüfzeit</translation>
    </message>
    <message>
        <source>Speedup of B over A (tokens/s)</source>
        <translation>Beschleunigung von B gegenüber A (Token/s)</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>identical (%1 tokens)</source>
        <translation>identisch (%1 Token)</translation>
    </message>
    <message>
        <source>end of output</source>
        <translation>Ende der Ausgabe</translation>
    </message>
    <message>
        <source>first divergence at generated token %1 (A: %2 vs B: %3)</source>
        <translation>erste Abweichung beim erzeugten Token %1 (A: %2 gegen B: %3)</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Token</translation>
    </message>
    <message>
        <source>Output: %1</source>
        <translation>Ausgabe: %1</translation>
    </message>
    <message>
        <source> · B runs at %1× the speed of A</source>
        <translation> · B läuft mit %1-facher Geschwindigkeit von A</translation>
    </message>
    <message>
        <source>Framed: first token where the outputs differ.</source>
        <translation>Umrahmt: das erste Token, an dem sich die Ausgaben unterscheiden.</translation>
    </message>
</context>
<context>
    <name>specscope::views::DraftTreeView</name>
    <message>
        <source>Previous step</source>
        <translation>Vorheriger Schritt</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>Nächster Schritt</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>No step</source>
        <translation>Kein Schritt</translation>
    </message>
    <message>
        <source>Step %1 of %2 · drafted %3 · accepted %4</source>
        <translation>Schritt %1 von %2 · entworfen %3 · angenommen %4</translation>
    </message>
    <message>
        <source> · reason: %1</source>
        <translation> · Grund: %1</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Noch kein Lauf</translation>
    </message>
    <message>
        <source>Waiting for the first step</source>
        <translation>Warten auf den ersten Schritt</translation>
    </message>
    <message>
        <source>No draft tree: this method does not draft</source>
        <translation>Kein Entwurfsbaum: dieses Verfahren entwirft nicht</translation>
    </message>
    <message>
        <source>token id</source>
        <translation>Token-Id</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>Tiefe</translation>
    </message>
    <message>
        <source>p draft</source>
        <translation>p Entwurf</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>k. A.</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>root (last token before the step)</source>
        <translation>Wurzel (letztes Token vor dem Schritt)</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;emitted by the target itself (%2), not drafted</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;vom Zielmodell selbst erzeugt (%2), nicht entworfen</translation>
    </message>
</context>
<context>
    <name>specscope::views::EntropyView</name>
    <message>
        <source>Rolling mean over</source>
        <translation>Gleitendes Mittel über</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <source>Trailing window of the rolling mean of the target entropy</source>
        <translation>Nachlaufendes Fenster des gleitenden Mittels der Zielentropie</translation>
    </message>
    <message>
        <source>token position</source>
        <translation>Token-Position</translation>
    </message>
    <message>
        <source>entropy (bits)</source>
        <translation>Entropie (Bit)</translation>
    </message>
    <message>
        <source>target entropy</source>
        <translation>Entropie Ziel</translation>
    </message>
    <message>
        <source>draft entropy</source>
        <translation>Entropie Entwurf</translation>
    </message>
    <message>
        <source>draft rejected (correction)</source>
        <translation>Entwurf abgelehnt (Korrektur)</translation>
    </message>
    <message numerus="yes">
        <source>rolling mean (%n tokens)</source>
        <translation>
            <numerusform>gleitendes Mittel (%n Token)</numerusform>
            <numerusform>gleitendes Mittel (%n Token)</numerusform>
        </translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Noch kein Lauf</translation>
    </message>
    <message>
        <source>Waiting for the first step…</source>
        <translation>Warten auf den ersten Schritt…</translation>
    </message>
    <message>
        <source>This run generated no tokens</source>
        <translation>Dieser Lauf hat keine Token erzeugt</translation>
    </message>
    <message>
        <source>This run recorded no entropies</source>
        <translation>Dieser Lauf hat keine Entropien aufgezeichnet</translation>
    </message>
</context>
<context>
    <name>specscope::views::LayerHeatmapView</name>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>big model</source>
        <translation>großes Modell</translation>
    </message>
    <message>
        <source>small model</source>
        <translation>kleines Modell</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>übersprungen</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>ausgestiegen</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>Logit-lens entropy (bits)</source>
        <translation>Logit-Lens-Entropie (Bit)</translation>
    </message>
    <message>
        <source>Top-1 agrees with the final layer</source>
        <translation>Top-1 stimmt mit der letzten Schicht überein</translation>
    </message>
    <message>
        <source>Cosine to the final hidden state</source>
        <translation>Kosinus zum letzten Hidden State</translation>
    </message>
    <message>
        <source>What each cell shows for a token (x) at a layer (y)</source>
        <translation>Was jede Zelle für ein Token (x) in einer Schicht (y) zeigt</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>token position</source>
        <translation>Token-Position</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>logit-lens entropy (bits)</source>
        <translation>Logit-Lens-Entropie (Bit)</translation>
    </message>
    <message>
        <source>top-1 agrees with final (1 = yes)</source>
        <translation>Top-1 stimmt mit letzter überein (1 = ja)</translation>
    </message>
    <message>
        <source>cosine to final hidden state</source>
        <translation>Kosinus zum letzten Hidden State</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Noch kein Lauf</translation>
    </message>
    <message>
        <source>No per-layer records:
this method does not report layers
(Kangaroo, Duo-LLM and M2R2 do)</source>
        <translation>Keine Schichtdaten:
dieses Verfahren meldet keine Schichten
(Kangaroo, Duo-LLM und M2R2 tun es)</translation>
    </message>
</context>
<context>
    <name>specscope::views::RunLibraryView</name>
    <message>
        <source>Search name, strategy, status, prompt</source>
        <translation>Name, Verfahren, Status, Prompt durchsuchen</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Open the run (double-click, Enter)</source>
        <translation>Den Lauf öffnen (Doppelklick, Eingabe)</translation>
    </message>
    <message>
        <source>Compare with…</source>
        <translation>Vergleichen mit…</translation>
    </message>
    <message>
        <source>Compare the two selected runs, or the selected run with another</source>
        <translation>Die zwei gewählten Läufe vergleichen, oder den gewählten mit einem anderen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Rename the run (F2)</source>
        <translation>Den Lauf umbenennen (F2)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected runs from the trace file (Del)</source>
        <translation>Die gewählten Läufe aus der Trace-Datei löschen (Entf)</translation>
    </message>
    <message>
        <source>Open trace file…</source>
        <translation>Trace-Datei öffnen…</translation>
    </message>
    <message>
        <source>Show the runs of another trace file</source>
        <translation>Die Läufe einer anderen Trace-Datei zeigen</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the run list again (F5)</source>
        <translation>Die Laufliste neu lesen (F5)</translation>
    </message>
    <message>
        <source>No runs yet: %1 will be created by the first run.</source>
        <translation>Noch keine Läufe: %1 wird beim ersten Lauf angelegt.</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <source>Cannot %1: %2 no longer exists.</source>
        <translation>%1 nicht möglich: %2 existiert nicht mehr.</translation>
    </message>
    <message>
        <source>rename run %1</source>
        <translation>Lauf %1 umbenennen</translation>
    </message>
    <message>
        <source>Cannot rename run %1 in %2: %3</source>
        <translation>Lauf %1 in %2 kann nicht umbenannt werden: %3</translation>
    </message>
    <message>
        <source>delete runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message>
        <source>Delete run %1 (%2) from %3?</source>
        <translation>Lauf %1 (%2) aus %3 löschen?</translation>
    </message>
    <message>
        <source>Delete %1 runs from %2?</source>
        <translation>%1 Läufe aus %2 löschen?</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>Läufe löschen</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>Das lässt sich nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Cannot delete run %1 from %2: %3</source>
        <translation>Lauf %1 kann nicht aus %2 gelöscht werden: %3</translation>
    </message>
    <message>
        <source>#%1  %2  (%3, %4 tokens)</source>
        <translation>#%1  %2  (%3, %4 Token)</translation>
    </message>
    <message>
        <source>Compare run %1 with:</source>
        <translation>Lauf %1 vergleichen mit:</translation>
    </message>
    <message>
        <source>Open trace file</source>
        <translation>Trace-Datei öffnen</translation>
    </message>
    <message>
        <source>SpecScope traces (*.sstrace *.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SpecScope-Traces (*.sstrace *.db *.sqlite *.sqlite3);;Alle Dateien (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n Lauf</numerusform>
            <numerusform>%n Läufe</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s)</source>
        <translation>
            <numerusform>%1 von %n Lauf</numerusform>
            <numerusform>%1 von %n Läufen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>specscope::views::RunListModel</name>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>τ</source>
        <translation>τ</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>Annahme</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>Token/s</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>New tokens generated</source>
        <translation>Erzeugte neue Token</translation>
    </message>
    <message>
        <source>Mean tokens per target forward</source>
        <translation>Mittlere Token je Vorwärtslauf des Zielmodells</translation>
    </message>
    <message>
        <source>Accepted draft tokens / drafted tokens</source>
        <translation>Angenommene / entworfene Token</translation>
    </message>
    <message>
        <source>New tokens per second of wall time</source>
        <translation>Neue Token je Sekunde Laufzeit</translation>
    </message>
</context>
<context>
    <name>specscope::views::RunSummaryView</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>Verfahren</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>Sampling</translation>
    </message>
    <message>
        <source>Target model</source>
        <translation>Zielmodell</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>Entwurfsmodell</translation>
    </message>
    <message>
        <source>Device / dtype</source>
        <translation>Gerät / Datentyp</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Summen</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>Neue Token</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Target forwards</source>
        <translation>Vorwärtsläufe Ziel</translation>
    </message>
    <message>
        <source>τ (tokens per step)</source>
        <translation>τ (Token je Schritt)</translation>
    </message>
    <message>
        <source>Acceptance rate</source>
        <translation>Annahmequote</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>Token je Sekunde</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>Laufzeit</translation>
    </message>
    <message>
        <source>Time split</source>
        <translation>Zeitaufteilung</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>Entworfen</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>Angenommen</translation>
    </message>
    <message>
        <source>Draft length</source>
        <translation>Entwurfslänge</translation>
    </message>
    <message>
        <source>Why this length</source>
        <translation>Warum diese Länge</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Noch kein Lauf</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>fertig</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>%1 % (%2 of %3 drafted)</source>
        <translation>%1 % (%2 von %3 entworfen)</translation>
    </message>
    <message>
        <source>n/a (nothing drafted)</source>
        <translation>k. A. (nichts entworfen)</translation>
    </message>
    <message>
        <source>%1 prefill %2 · %3 draft %4 · %5 verify %6 · %7 other %8</source>
        <translation>%1 Prefill %2 · %3 Entwurf %4 · %5 Prüfung %6 · %7 Sonstiges %8</translation>
    </message>
    <message>
        <source>Selected step</source>
        <translation>Gewählter Schritt</translation>
    </message>
    <message>
        <source>Latest step</source>
        <translation>Neuester Schritt</translation>
    </message>
    <message>
        <source>#%1 (of %2 steps)</source>
        <translation>#%1 (von %2 Schritten)</translation>
    </message>
    <message>
        <source>%1 (draft %2, verify %3)</source>
        <translation>%1 (Entwurf %2, Prüfung %3)</translation>
    </message>
</context>
<context>
    <name>specscope::views::TokenStreamView</name>
    <message>
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Target entropy</source>
        <translation>Entropie Ziel</translation>
    </message>
    <message>
        <source>Target probability</source>
        <translation>Wahrscheinlichkeit Ziel</translation>
    </message>
    <message>
        <source>Exit layer</source>
        <translation>Ausstiegsschicht</translation>
    </message>
    <message>
        <source>0 bits</source>
        <translation>0 Bit</translation>
    </message>
    <message>
        <source>%1 bits (highest in this run)</source>
        <translation>%1 Bit (höchster Wert dieses Laufs)</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht aufgezeichnet</translation>
    </message>
    <message>
        <source>p 0</source>
        <translation>p 0</translation>
    </message>
    <message>
        <source>1</source>
        <translation>1</translation>
    </message>
    <message>
        <source>layer 0</source>
        <translation>Schicht 0</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>full depth</source>
        <translation>volle Tiefe</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>Noch kein Lauf</translation>
    </message>
    <message>
        <source>No tokens yet</source>
        <translation>Noch keine Token</translation>
    </message>
</context>
<context>
    <name>specscope::views::TokenTableModel</name>
    <message>
        <source>Position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>p target</source>
        <translation>p Ziel</translation>
    </message>
    <message>
        <source>p draft</source>
        <translation>p Entwurf</translation>
    </message>
    <message>
        <source>Accept prob.</source>
        <translation>Annahme-W.</translation>
    </message>
    <message>
        <source>Entropy target (bits)</source>
        <translation>Entropie Ziel (Bit)</translation>
    </message>
    <message>
        <source>Entropy draft (bits)</source>
        <translation>Entropie Entwurf (Bit)</translation>
    </message>
    <message>
        <source>Exit layer</source>
        <translation>Ausstiegsschicht</translation>
    </message>
    <message>
        <source>Index of the token in the whole sequence, prompt included</source>
        <translation>Index des Tokens in der ganzen Folge, Prompt eingeschlossen</translation>
    </message>
    <message>
        <source>The token&apos;s text (↵ newline, → tab, \x.. a partial UTF-8 piece)</source>
        <translation>Der Text des Tokens (↵ Zeilenumbruch, → Tabulator, \x.. ein unvollständiges UTF-8-Stück)</translation>
    </message>
    <message>
        <source>Where the token came from: prompt, accepted draft, correction, bonus or plain target</source>
        <translation>Woher das Token stammt: Prompt, angenommener Entwurf, Korrektur, Bonus oder gewöhnliches Ziel</translation>
    </message>
    <message>
        <source>The decoding step that emitted the token</source>
        <translation>Der Dekodierschritt, der das Token ausgab</translation>
    </message>
    <message>
        <source>Probability of the token under the target model (temperature 1)</source>
        <translation>Wahrscheinlichkeit des Tokens unter dem Zielmodell (Temperatur 1)</translation>
    </message>
    <message>
        <source>Probability of the token under the draft model, for drafted tokens</source>
        <translation>Wahrscheinlichkeit des Tokens unter dem Entwurfsmodell, für entworfene Token</translation>
    </message>
    <message>
        <source>Acceptance probability min(1, p/q) of a drafted token</source>
        <translation>Annahmewahrscheinlichkeit min(1, p/q) eines entworfenen Tokens</translation>
    </message>
    <message>
        <source>Entropy of the target&apos;s distribution at this position, in bits</source>
        <translation>Entropie der Verteilung des Zielmodells an dieser Position, in Bit</translation>
    </message>
    <message>
        <source>Entropy of the draft&apos;s distribution at this position, in bits</source>
        <translation>Entropie der Verteilung des Entwurfsmodells an dieser Position, in Bit</translation>
    </message>
    <message>
        <source>Layer where the prediction exited early; empty for full depth</source>
        <translation>Schicht, an der die Vorhersage früh ausstieg; leer bei voller Tiefe</translation>
    </message>
    <message>
        <source>position</source>
        <translation>Position</translation>
    </message>
    <message>
        <source>token id</source>
        <translation>Token-Id</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>acceptance prob.</source>
        <translation>Annahme-W.</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 Bit</translation>
    </message>
    <message>
        <source>entropy target</source>
        <translation>Entropie Ziel</translation>
    </message>
    <message>
        <source>entropy draft</source>
        <translation>Entropie Entwurf</translation>
    </message>
    <message>
        <source>exit layer</source>
        <translation>Ausstiegsschicht</translation>
    </message>
    <message>
        <source>top-k</source>
        <translation>Top-k</translation>
    </message>
</context>
</TS>
