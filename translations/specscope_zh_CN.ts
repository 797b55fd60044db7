<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>EngineText</name>
    <message>
        <source>Plain autoregressive decoding: one target forward per token (the baseline).</source>
        <translation>普通自回归解码：每个词元做一次目标模型前向（基线）。</translation>
    </message>
    <message>
        <source>Speculative sampling: a draft model proposes a chain, the target verifies it in one forward.</source>
        <translation>投机采样：草稿模型提出一条链，目标模型在一次前向中验证。</translation>
    </message>
    <message>
        <source>draft length (the start value under &apos;heuristic&apos;)</source>
        <translation>草稿长度（“heuristic”下的初始值）</translation>
    </message>
    <message>
        <source>draft-length policy</source>
        <translation>草稿长度策略</translation>
    </message>
    <message>
        <source>&apos;confidence&apos;: stop drafting below this probability</source>
        <translation>“confidence”：概率低于此值时停止起草</translation>
    </message>
    <message>
        <source>A fixed tree of the draft&apos;s top-ranked tokens, verified in one target forward.</source>
        <translation>由草稿排名靠前的词元组成的固定树，在一次目标前向中验证。</translation>
    </message>
    <message>
        <source>&apos;default&apos; or rank paths as JSON, e.g. [[0],[1],[0,0]]</source>
        <translation>“default”或以 JSON 表示的排名路径，例如 [[0],[1],[0,0]]</translation>
    </message>
    <message>
        <source>EAGLE-2-style tree grown by cumulative draft probability, verified in one target forward.</source>
        <translation>EAGLE-2 式的树，按累计草稿概率生长，在一次目标前向中验证。</translation>
    </message>
    <message>
        <source>tree size, root included</source>
        <translation>树的大小（含根）</translation>
    </message>
    <message>
        <source>levels to grow</source>
        <translation>生长的层数</translation>
    </message>
    <message>
        <source>children per expanded node and nodes expanded per level</source>
        <translation>每个展开节点的子节点数，以及每层展开的节点数</translation>
    </message>
    <message>
        <source>Prompt lookup: drafts what followed the last n-gram earlier in the context (no draft model).</source>
        <translation>提示查找：起草上下文中先前跟在最后一个 n-gram 之后的内容（无需草稿模型）。</translation>
    </message>
    <message>
        <source>longest n-gram to match</source>
        <translation>要匹配的最长 n-gram</translation>
    </message>
    <message>
        <source>most tokens drafted per step</source>
        <translation>每步最多起草的词元数</translation>
    </message>
    <message>
        <source>Kangaroo: the target&apos;s first layers plus a small trained adapter draft; drafting stops when the adapter&apos;s confidence drops below the threshold; verification runs only the remaining layers. Lossless.</source>
        <translation>Kangaroo：由目标模型的前几层加一个训练过的小适配器起草；当适配器的置信度低于阈值时停止起草；验证只运行其余的层。无损。</translation>
    </message>
    <message>
        <source>layer ℓ the draft exits at; 0 = the target&apos;s default adapter</source>
        <translation>草稿退出的层 ℓ；0 = 目标模型的默认适配器</translation>
    </message>
    <message>
        <source>η: stop drafting when the adapter&apos;s top probability is below it</source>
        <translation>η：适配器的最高概率低于此值时停止起草</translation>
    </message>
    <message>
        <source>the longest draft</source>
        <translation>最长草稿</translation>
    </message>
    <message>
        <source>adapter file (stem or .json); empty = &lt;target&gt;/kangaroo/adapter_l&lt;ℓ&gt;</source>
        <translation>适配器文件（文件名主干或 .json）；留空 = &lt;目标&gt;/kangaroo/adapter_l&lt;ℓ&gt;</translation>
    </message>
</context>
<context>
    <name>RunWorker</name>
    <message>
        <source>Loading cancelled.</source>
        <translation>已取消加载。</translation>
    </message>
    <message>
        <source>The run is not being stored: %1</source>
        <translation>本次运行未被保存：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Workbench for speculative and adaptive-computation decoding of language models.</source>
        <translation>语言模型投机解码与自适应计算解码的工作台。</translation>
    </message>
    <message>
        <source>Load the bundled demo models and start an sps run at once.</source>
        <translation>加载内置演示模型并立即开始一次 sps 运行。</translation>
    </message>
    <message>
        <source>Open the trace file &lt;file&gt;.</source>
        <translation>打开追踪文件 &lt;file&gt;。</translation>
    </message>
    <message>
        <source>With --trace: open run &lt;id&gt;.</source>
        <translation>与 --trace 一起使用：打开运行 &lt;id&gt;。</translation>
    </message>
    <message>
        <source>Record live runs into &lt;file&gt;.</source>
        <translation>将实时运行记录到 &lt;file&gt;。</translation>
    </message>
    <message>
        <source>With --demo: the method to run.</source>
        <translation>与 --demo 一起使用：要运行的方法。</translation>
    </message>
    <message>
        <source>Interface language: en, de or zh_CN.</source>
        <translation>界面语言：en、de 或 zh_CN。</translation>
    </message>
    <message>
        <source>Use the dark palette.</source>
        <translation>使用深色配色。</translation>
    </message>
    <message>
        <source>Save a screenshot to &lt;png&gt; once the run or load is done, then quit.</source>
        <translation>运行或加载完成后将截图保存到 &lt;png&gt;，然后退出。</translation>
    </message>
    <message>
        <source>With --trace and --run: time opening the run and drawing every view, print JSON, quit.</source>
        <translation>与 --trace 和 --run 一起使用：计时打开运行并绘制所有视图，输出 JSON 后退出。</translation>
    </message>
    <message>
        <source>With --demo: print the live run&apos;s tokens/s as JSON when it ends, quit.</source>
        <translation>与 --demo 一起使用：实时运行结束时以 JSON 输出词元/秒，然后退出。</translation>
    </message>
    <message>
        <source>With --trace: compare runs &lt;a,b&gt; side by side.</source>
        <translation>与 --trace 一起使用：并排比较运行 &lt;a,b&gt;。</translation>
    </message>
    <message>
        <source>With --demo: tokens to generate.</source>
        <translation>与 --demo 一起使用：要生成的词元数。</translation>
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
        <translation>空闲</translation>
    </message>
    <message>
        <source>Models loaded.</source>
        <translation>模型已加载。</translation>
    </message>
    <message>
        <source>The models could not be loaded</source>
        <translation>无法加载模型</translation>
    </message>
    <message>
        <source>SpecScope — %1 (live)</source>
        <translation>SpecScope — %1（实时）</translation>
    </message>
    <message>
        <source>%1 tokens · %2 tokens/s</source>
        <translation>%1 个词元 · %2 词元/秒</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Choose a target model first.</source>
        <translation>请先选择目标模型。</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the chosen method on the prompt (Ctrl+Return); loads the models first if needed</source>
        <translation>对提示运行所选方法（Ctrl+回车）；如有需要先加载模型</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause after the step in flight (F6)</source>
        <translation>在当前步骤完成后暂停（F6）</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>单步(&amp;S)</translation>
    </message>
    <message>
        <source>One speculation round (F10); starts a paused run when none is running</source>
        <translation>执行一轮投机（F10）；没有运行时启动一个暂停的运行</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>End the run after the step in flight (Shift+F5)</source>
        <translation>在当前步骤完成后结束运行（Shift+F5）</translation>
    </message>
    <message>
        <source>Run library</source>
        <translation>运行库</translation>
    </message>
    <message>
        <source>Draft tree</source>
        <translation>草稿树</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>Entropy</source>
        <translation>熵</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Run controls</source>
        <translation>运行控制</translation>
    </message>
    <message>
        <source>Follow latest</source>
        <translation>跟随最新</translation>
    </message>
    <message>
        <source>Show the latest step in every view (Ctrl+End)</source>
        <translation>在所有视图中显示最新步骤（Ctrl+End）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open trace file…</source>
        <translation>打开追踪文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Show &amp;my runs</source>
        <translation>显示我的运行(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Export run</source>
        <translation>导出运行(&amp;E)</translation>
    </message>
    <message>
        <source>As &amp;JSON…</source>
        <translation>导出为 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>As &amp;CSV (folder)…</source>
        <translation>导出为 CSV（文件夹）(&amp;C)…</translation>
    </message>
    <message>
        <source>As &amp;Perfetto trace…</source>
        <translation>导出为 Perfetto 追踪(&amp;P)…</translation>
    </message>
    <message>
        <source>Export &amp;plot</source>
        <translation>导出图表(&amp;P)</translation>
    </message>
    <message>
        <source>Acceptance…</source>
        <translation>接受率…</translation>
    </message>
    <message>
        <source>Entropy…</source>
        <translation>熵…</translation>
    </message>
    <message>
        <source>Layers…</source>
        <translation>层…</translation>
    </message>
    <message>
        <source>Token stream (PNG)…</source>
        <translation>词元流（PNG）…</translation>
    </message>
    <message>
        <source>Draft tree (PNG)…</source>
        <translation>草稿树（PNG）…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Load models</source>
        <translation>加载模型(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Navigate</source>
        <translation>导航(&amp;N)</translation>
    </message>
    <message>
        <source>Previous token</source>
        <translation>上一个词元</translation>
    </message>
    <message>
        <source>Next token</source>
        <translation>下一个词元</translation>
    </message>
    <message>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Dark palette</source>
        <translation>深色配色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language changes when SpecScope starts again.</source>
        <translation>重新启动 SpecScope 后语言才会切换。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guided tour</source>
        <translation>入门导览(&amp;G)</translation>
    </message>
    <message>
        <source>Guided tour</source>
        <translation>入门导览</translation>
    </message>
    <message>
        <source>&lt;ol&gt;&lt;li&gt;The bundled demo models are chosen in the &lt;b&gt;Run&lt;/b&gt; panel; press &lt;b&gt;Run&lt;/b&gt; (Ctrl+Return): they load on a worker, then sps (speculative sampling) runs.&lt;/li&gt;&lt;li&gt;The &lt;b&gt;token stream&lt;/b&gt; colours every token by where it came from: green accepted drafts, red corrections, blue bonus tokens, grey plain target tokens. Hover a token for its probabilities; click it to select it in every view.&lt;/li&gt;&lt;li&gt;The &lt;b&gt;draft tree&lt;/b&gt; shows what the draft proposed in the selected step and what the target accepted; &lt;b&gt;Acceptance&lt;/b&gt; and &lt;b&gt;Entropy&lt;/b&gt; explain the speed: acceptance drops where the target is uncertain.&lt;/li&gt;&lt;li&gt;Choose &lt;b&gt;tree-dynamic&lt;/b&gt; and press &lt;b&gt;Step&lt;/b&gt; (F10) to watch one round at a time.&lt;/li&gt;&lt;li&gt;Every run is stored: the &lt;b&gt;Run library&lt;/b&gt; reopens, renames, deletes and compares runs; File ▸ Export writes JSON, CSV or a Perfetto trace.&lt;/li&gt;&lt;/ol&gt;</source>
        <translation>&lt;ol&gt;&lt;li&gt;&lt;b&gt;运行&lt;/b&gt;面板中已选好内置演示模型；按&lt;b&gt;运行&lt;/b&gt;（Ctrl+回车）：模型在后台线程加载，然后运行 sps（投机采样）。&lt;/li&gt;&lt;li&gt;&lt;b&gt;词元流&lt;/b&gt;按来源为每个词元着色：绿色为被接受的草稿，红色为纠正，蓝色为奖励词元，灰色为目标模型直接生成的词元。鼠标悬停可查看概率；点击可在所有视图中选中它。&lt;/li&gt;&lt;li&gt;&lt;b&gt;草稿树&lt;/b&gt;显示所选步骤中草稿模型提出了什么、目标模型接受了什么；&lt;b&gt;接受率&lt;/b&gt;和&lt;b&gt;熵&lt;/b&gt;解释了速度：目标模型不确定的地方接受率下降。&lt;/li&gt;&lt;li&gt;选择 &lt;b&gt;tree-dynamic&lt;/b&gt; 并按&lt;b&gt;单步&lt;/b&gt;（F10），逐轮观察。&lt;/li&gt;&lt;li&gt;每次运行都会保存：&lt;b&gt;运行库&lt;/b&gt;可重新打开、重命名、删除和比较运行；文件 ▸ 导出可写出 JSON、CSV 或 Perfetto 追踪。&lt;/li&gt;&lt;/ol&gt;</translation>
    </message>
    <message>
        <source>&amp;About SpecScope</source>
        <translation>关于 SpecScope(&amp;A)</translation>
    </message>
    <message>
        <source>About SpecScope</source>
        <translation>关于 SpecScope</translation>
    </message>
    <message>
        <source>&lt;h3&gt;SpecScope %1&lt;/h3&gt;&lt;p&gt;A workbench for speculative and adaptive-computation decoding: run methods live on real checkpoints and the bundled demo models, see every draft, verification and layer, and keep every run as a trace.&lt;/p&gt;&lt;p&gt;Traces: %2&lt;/p&gt;</source>
        <translation>&lt;h3&gt;SpecScope %1&lt;/h3&gt;&lt;p&gt;投机解码与自适应计算解码的工作台：在真实检查点和内置演示模型上实时运行各种方法，查看每一次草拟、验证和每一层，并把每次运行保存为追踪记录。&lt;/p&gt;&lt;p&gt;追踪文件：%2&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Loading models</source>
        <translation>正在加载模型</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>The method %1 needs a draft model: choose one in the Run panel.</source>
        <translation>方法 %1 需要草稿模型：请在运行面板中选择。</translation>
    </message>
    <message>
        <source>Prefilling; press Step for each round.</source>
        <translation>正在预填充；每轮按一次单步。</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>SpecScope — %1</source>
        <translation>SpecScope — %1</translation>
    </message>
    <message>
        <source>Run failed: %1</source>
        <translation>运行失败：%1</translation>
    </message>
    <message>
        <source>Run %1: %2 tokens, τ %3, %4 tokens/s</source>
        <translation>运行%1：%2 个词元，τ %3，%4 词元/秒</translation>
    </message>
    <message>
        <source>Opening run %1…</source>
        <translation>正在打开运行 %1…</translation>
    </message>
    <message>
        <source>Open run</source>
        <translation>打开运行</translation>
    </message>
    <message>
        <source>SpecScope — run %1 (%2)</source>
        <translation>SpecScope — 运行 %1（%2）</translation>
    </message>
    <message>
        <source>Opened run %1.</source>
        <translation>已打开运行 %1。</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>比较运行</translation>
    </message>
    <message>
        <source>Compare run %1 with run %2</source>
        <translation>比较运行 %1 与运行 %2</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>There is no run to export: run one or open one from the library.</source>
        <translation>没有可导出的运行：请运行一次或从运行库打开。</translation>
    </message>
    <message>
        <source>Export the run as CSV files into a folder</source>
        <translation>将运行导出为文件夹中的 CSV 文件</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>导出运行</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Export plot</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Save view as PNG</source>
        <translation>将视图保存为 PNG</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Open a trace file</source>
        <translation>打开追踪文件</translation>
    </message>
    <message>
        <source>SpecScope traces (*.db *.sqlite);;All files (*)</source>
        <translation>SpecScope 追踪 (*.db *.sqlite);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>specscope::gui::RunPanel</name>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>%1 (bundled)</source>
        <translation>%1（内置）</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model directory (config.json, *.safetensors, tokenizer.json)</source>
        <translation>选择 Hugging Face 模型目录（config.json、*.safetensors、tokenizer.json）</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>Draft:</source>
        <translation>草稿：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Load models</source>
        <translation>加载模型</translation>
    </message>
    <message>
        <source>Load the target and draft on a background thread</source>
        <translation>在后台线程加载目标模型和草稿模型</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No models loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source> (lossy)</source>
        <translation>（有损）</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Example prompts…</source>
        <translation>示例提示…</translation>
    </message>
    <message>
        <source>Type a prompt, or pick an example above</source>
        <translation>输入提示，或在上方选择示例</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>0 (greedy)</source>
        <translation>0（贪心）</translation>
    </message>
    <message>
        <source>0 decodes greedily; above 0 samples (lossless methods keep the target&apos;s distribution)</source>
        <translation>0 为贪心解码；大于 0 时采样（无损方法保持目标模型的分布）</translation>
    </message>
    <message>
        <source>Temperature:</source>
        <translation>温度：</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Top-k:</source>
        <translation>Top-k：</translation>
    </message>
    <message>
        <source>Top-p:</source>
        <translation>Top-p：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>New tokens:</source>
        <translation>新词元数：</translation>
    </message>
    <message>
        <source>Choose a model directory</source>
        <translation>选择模型目录</translation>
    </message>
    <message>
        <source> Lossy: the output may differ from the target&apos;s.</source>
        <translation> 有损：输出可能与目标模型的不同。</translation>
    </message>
    <message>
        <source>No parameters.</source>
        <translation>无参数。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>Loaded: %1 (%n layers)</source>
        <translation>
            <numerusform>已加载：%1（%n 层）</numerusform>
        </translation>
    </message>
    <message>
        <source> with draft %1</source>
        <translation>，草稿模型 %1</translation>
    </message>
    <message>
        <source>Not loaded: %1</source>
        <translation>未加载：%1</translation>
    </message>
</context>
<context>
    <name>specscope::views</name>
    <message>
        <source>prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>accepted draft</source>
        <translation>被接受的草稿</translation>
    </message>
    <message>
        <source>correction</source>
        <translation>纠正</translation>
    </message>
    <message>
        <source>bonus</source>
        <translation>奖励</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>被拒</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>未到达</translation>
    </message>
    <message>
        <source>There is no plot to export.</source>
        <translation>没有可导出的图表。</translation>
    </message>
    <message>
        <source>Cannot export to %1: unknown file type &quot;%2&quot; (use .png, .svg or .pdf).</source>
        <translation>无法导出到 %1：未知文件类型 &quot;%2&quot;（请使用 .png、.svg 或 .pdf）。</translation>
    </message>
    <message>
        <source>no extension</source>
        <translation>无扩展名</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Plot exported by SpecScope</source>
        <translation>由 SpecScope 导出的图表</translation>
    </message>
    <message>
        <source>Cannot export to %1: the plot could not be drawn as %2.</source>
        <translation>无法导出到 %1：图表无法绘制为 %2。</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation>PNG 图像 (*.png);;SVG 图形 (*.svg);;PDF 文档 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>specscope::views::AcceptanceView</name>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>acceptance rate</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>accepted length (all drafts accepted)</source>
        <translation>接受长度（草稿全部接受）</translation>
    </message>
    <message>
        <source>accepted length (a draft rejected)</source>
        <translation>接受长度（有草稿被拒）</translation>
    </message>
    <message>
        <source>running τ (tokens per step)</source>
        <translation>累计 τ（每步词元数）</translation>
    </message>
    <message>
        <source>running acceptance rate</source>
        <translation>累计接受率</translation>
    </message>
    <message>
        <source>accepted length</source>
        <translation>接受长度</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>steps per accepted length</source>
        <translation>各接受长度的步数</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>Waiting for the first step…</source>
        <translation>等待第一步…</translation>
    </message>
    <message>
        <source>This run has no steps</source>
        <translation>本次运行没有步骤</translation>
    </message>
    <message>
        <source>This run drafted nothing (plain decoding): acceptance does not apply</source>
        <translation>本次运行没有草拟（普通解码）：不适用接受率</translation>
    </message>
</context>
<context>
    <name>specscope::views::CompareStrip</name>
    <message>
        <source>No run</source>
        <translation>无运行</translation>
    </message>
    <message>
        <source>&apos;%1&apos; · %2 · position %3</source>
        <translation>&apos;%1&apos; · %2 · 位置 %3</translation>
    </message>
    <message>
        <source> · step %1</source>
        <translation> · 第 %1 步</translation>
    </message>
    <message>
        <source> · generated token %1</source>
        <translation> · 生成的第 %1 个词元</translation>
    </message>
</context>
<context>
    <name>specscope::views::CompareView</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
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
        <translation>B 对比 A</translation>
    </message>
    <message>
        <source>%1: %2 — %3, run %4</source>
        <translation>%1：%2 — %3，运行 %4</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>different</source>
        <translation>不同</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>新词元</translation>
    </message>
    <message>
        <source>Steps (target forwards)</source>
        <translation>步数（目标前向次数）</translation>
    </message>
    <message>
        <source>τ (tokens per forward)</source>
        <translation>τ（每次前向词元数）</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>%1 pp</source>
        <translation>%1 个百分点</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>实际时间</translation>
    </message>
    <message>
        <source>Draft time</source>
        <translation>草拟时间</translation>
    </message>
    <message>
        <source>Verify time</source>
        <translation>验证时间</translation>
    </message>
    <message>
        <source>Speedup of B over A (tokens/s)</source>
        <translation>B 相对 A 的加速比（词元/秒）</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>identical (%1 tokens)</source>
        <translation>相同（%1 个词元）</translation>
    </message>
    <message>
        <source>end of output</source>
        <translation>输出结束</translation>
    </message>
    <message>
        <source>first divergence at generated token %1 (A: %2 vs B: %3)</source>
        <translation>在生成的第 %1 个词元处首次不同（A：%2 对比 B：%3）</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>Output: %1</source>
        <translation>输出：%1</translation>
    </message>
    <message>
        <source> · B runs at %1× the speed of A</source>
        <translation> · B 的速度是 A 的 %1 倍</translation>
    </message>
    <message>
        <source>Framed: first token where the outputs differ.</source>
        <translation>加框：输出开始不同的第一个词元。</translation>
    </message>
</context>
<context>
    <name>specscope::views::DraftTreeView</name>
    <message>
        <source>Previous step</source>
        <translation>上一步</translation>
    </message>
    <message>
        <source>Next step</source>
        <translation>下一步</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>No step</source>
        <translation>无步骤</translation>
    </message>
    <message>
        <source>Step %1 of %2 · drafted %3 · accepted %4</source>
        <translation>第 %1 步，共 %2 步 · 草拟 %3 · 接受 %4</translation>
    </message>
    <message>
        <source> · reason: %1</source>
        <translation> · 原因：%1</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>Waiting for the first step</source>
        <translation>等待第一步</translation>
    </message>
    <message>
        <source>No draft tree: this method does not draft</source>
        <translation>无草稿树：此方法不草拟</translation>
    </message>
    <message>
        <source>token id</source>
        <translation>词元 ID</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>p draft</source>
        <translation>草稿 p</translation>
    </message>
    <message>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>root (last token before the step)</source>
        <translation>根（此步之前的最后一个词元）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;emitted by the target itself (%2), not drafted</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;由目标模型自己生成（%2），并非草拟</translation>
    </message>
</context>
<context>
    <name>specscope::views::EntropyView</name>
    <message>
        <source>Rolling mean over</source>
        <translation>滑动平均窗口</translation>
    </message>
    <message>
        <source> tokens</source>
        <translation> 个词元</translation>
    </message>
    <message>
        <source>Trailing window of the rolling mean of the target entropy</source>
        <translation>目标熵滑动平均的回溯窗口</translation>
    </message>
    <message>
        <source>token position</source>
        <translation>词元位置</translation>
    </message>
    <message>
        <source>entropy (bits)</source>
        <translation>熵（比特）</translation>
    </message>
    <message>
        <source>target entropy</source>
        <translation>目标熵</translation>
    </message>
    <message>
        <source>draft entropy</source>
        <translation>草稿熵</translation>
    </message>
    <message>
        <source>draft rejected (correction)</source>
        <translation>草稿被拒（纠正）</translation>
    </message>
    <message numerus="yes">
        <source>rolling mean (%n tokens)</source>
        <translation>
            <numerusform>滑动平均（%n 个词元）</numerusform>
        </translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>Waiting for the first step…</source>
        <translation>等待第一步…</translation>
    </message>
    <message>
        <source>This run generated no tokens</source>
        <translation>本次运行没有生成词元</translation>
    </message>
    <message>
        <source>This run recorded no entropies</source>
        <translation>本次运行没有记录熵</translation>
    </message>
</context>
<context>
    <name>specscope::views::LayerHeatmapView</name>
    <message>
        <source>draft</source>
        <translation>草拟</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>big model</source>
        <translation>大模型</translation>
    </message>
    <message>
        <source>small model</source>
        <translation>小模型</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>exited</source>
        <translation>已退出</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Logit-lens entropy (bits)</source>
        <translation>Logit lens 熵（比特）</translation>
    </message>
    <message>
        <source>Top-1 agrees with the final layer</source>
        <translation>Top-1 与最终层一致</translation>
    </message>
    <message>
        <source>Cosine to the final hidden state</source>
        <translation>与最终隐藏状态的余弦</translation>
    </message>
    <message>
        <source>What each cell shows for a token (x) at a layer (y)</source>
        <translation>每个单元格显示的是某词元（x）在某层（y）的什么量</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>token position</source>
        <translation>词元位置</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>logit-lens entropy (bits)</source>
        <translation>logit lens 熵（比特）</translation>
    </message>
    <message>
        <source>top-1 agrees with final (1 = yes)</source>
        <translation>top-1 与最终层一致（1 = 是）</translation>
    </message>
    <message>
        <source>cosine to final hidden state</source>
        <translation>与最终隐藏状态的余弦</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>No per-layer records:
this method does not report layers
(Kangaroo, Duo-LLM and M2R2 do)</source>
        <translation>无逐层记录：
此方法不报告层信息
（Kangaroo、Duo-LLM 和 M2R2 会报告）</translation>
    </message>
</context>
<context>
    <name>specscope::views::RunLibraryView</name>
    <message>
        <source>Search name, strategy, status, prompt</source>
        <translation>搜索名称、方法、状态、提示</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the run (double-click, Enter)</source>
        <translation>打开运行（双击、回车）</translation>
    </message>
    <message>
        <source>Compare with…</source>
        <translation>与…比较</translation>
    </message>
    <message>
        <source>Compare the two selected runs, or the selected run with another</source>
        <translation>比较两个选中的运行，或将选中的运行与另一个比较</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the run (F2)</source>
        <translation>重命名运行（F2）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected runs from the trace file (Del)</source>
        <translation>从追踪文件中删除选中的运行（Del）</translation>
    </message>
    <message>
        <source>Open trace file…</source>
        <translation>打开追踪文件…</translation>
    </message>
    <message>
        <source>Show the runs of another trace file</source>
        <translation>显示另一个追踪文件中的运行</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Read the run list again (F5)</source>
        <translation>重新读取运行列表（F5）</translation>
    </message>
    <message>
        <source>No runs yet: %1 will be created by the first run.</source>
        <translation>尚无运行：第一次运行时将创建 %1。</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot %1: %2 no longer exists.</source>
        <translation>无法%1：%2 已不存在。</translation>
    </message>
    <message>
        <source>rename run %1</source>
        <translation>重命名运行 %1</translation>
    </message>
    <message>
        <source>Cannot rename run %1 in %2: %3</source>
        <translation>无法重命名 %2 中的运行 %1：%3</translation>
    </message>
    <message>
        <source>delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete run %1 (%2) from %3?</source>
        <translation>从 %3 删除运行 %1（%2）？</translation>
    </message>
    <message>
        <source>Delete %1 runs from %2?</source>
        <translation>从 %2 删除 %1 个运行？</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>This cannot be undone.</source>
        <translation>此操作无法撤销。</translation>
    </message>
    <message>
        <source>Cannot delete run %1 from %2: %3</source>
        <translation>无法从 %2 删除运行 %1：%3</translation>
    </message>
    <message>
        <source>#%1  %2  (%3, %4 tokens)</source>
        <translation>#%1  %2  （%3，%4 个词元）</translation>
    </message>
    <message>
        <source>Compare run %1 with:</source>
        <translation>将运行 %1 与以下比较：</translation>
    </message>
    <message>
        <source>Open trace file</source>
        <translation>打开追踪文件</translation>
    </message>
    <message>
        <source>SpecScope traces (*.sstrace *.db *.sqlite *.sqlite3);;All files (*)</source>
        <translation>SpecScope 追踪 (*.sstrace *.db *.sqlite *.sqlite3);;所有文件 (*)</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n 个运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n run(s)</source>
        <translation>
            <numerusform>%1 / %n 个运行</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>specscope::views::RunListModel</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>τ</source>
        <translation>τ</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>Tokens/s</source>
        <translation>词元/秒</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>New tokens generated</source>
        <translation>生成的新词元</translation>
    </message>
    <message>
        <source>Mean tokens per target forward</source>
        <translation>每次目标前向的平均词元数</translation>
    </message>
    <message>
        <source>Accepted draft tokens / drafted tokens</source>
        <translation>被接受的草稿词元 / 草拟的词元</translation>
    </message>
    <message>
        <source>New tokens per second of wall time</source>
        <translation>每秒实际时间生成的新词元</translation>
    </message>
</context>
<context>
    <name>specscope::views::RunSummaryView</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Sampling</source>
        <translation>采样</translation>
    </message>
    <message>
        <source>Target model</source>
        <translation>目标模型</translation>
    </message>
    <message>
        <source>Draft model</source>
        <translation>草稿模型</translation>
    </message>
    <message>
        <source>Device / dtype</source>
        <translation>设备 / 数据类型</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>New tokens</source>
        <translation>新词元</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Target forwards</source>
        <translation>目标前向次数</translation>
    </message>
    <message>
        <source>τ (tokens per step)</source>
        <translation>τ（每步词元数）</translation>
    </message>
    <message>
        <source>Acceptance rate</source>
        <translation>接受率</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒词元数</translation>
    </message>
    <message>
        <source>Wall time</source>
        <translation>实际时间</translation>
    </message>
    <message>
        <source>Time split</source>
        <translation>时间分配</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Drafted</source>
        <translation>已草拟</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>Draft length</source>
        <translation>草稿长度</translation>
    </message>
    <message>
        <source>Why this length</source>
        <translation>为何是此长度</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>%1 % (%2 of %3 drafted)</source>
        <translation>%1 %（草拟 %3 个，接受 %2 个）</translation>
    </message>
    <message>
        <source>n/a (nothing drafted)</source>
        <translation>不适用（未草拟）</translation>
    </message>
    <message>
        <source>%1 prefill %2 · %3 draft %4 · %5 verify %6 · %7 other %8</source>
        <translation>%1 预填充 %2 · %3 草拟 %4 · %5 验证 %6 · %7 其他 %8</translation>
    </message>
    <message>
        <source>Selected step</source>
        <translation>所选步骤</translation>
    </message>
    <message>
        <source>Latest step</source>
        <translation>最新步骤</translation>
    </message>
    <message>
        <source>#%1 (of %2 steps)</source>
        <translation>#%1（共 %2 步）</translation>
    </message>
    <message>
        <source>%1 (draft %2, verify %3)</source>
        <translation>%1（草拟 %2，验证 %3）</translation>
    </message>
</context>
<context>
    <name>specscope::views::TokenStreamView</name>
    <message>
        <source>Colour by:</source>
        <translation>着色依据：</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Target entropy</source>
        <translation>目标熵</translation>
    </message>
    <message>
        <source>Target probability</source>
        <translation>目标概率</translation>
    </message>
    <message>
        <source>Exit layer</source>
        <translation>退出层</translation>
    </message>
    <message>
        <source>0 bits</source>
        <translation>0 比特</translation>
    </message>
    <message>
        <source>%1 bits (highest in this run)</source>
        <translation>%1 比特（本次运行最高）</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>未记录</translation>
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
        <translation>第 0 层</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>full depth</source>
        <translation>完整深度</translation>
    </message>
    <message>
        <source>No run yet</source>
        <translation>尚无运行</translation>
    </message>
    <message>
        <source>No tokens yet</source>
        <translation>尚无词元</translation>
    </message>
</context>
<context>
    <name>specscope::views::TokenTableModel</name>
    <message>
        <source>Position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>p target</source>
        <translation>目标 p</translation>
    </message>
    <message>
        <source>p draft</source>
        <translation>草稿 p</translation>
    </message>
    <message>
        <source>Accept prob.</source>
        <translation>接受概率</translation>
    </message>
    <message>
        <source>Entropy target (bits)</source>
        <translation>目标熵（比特）</translation>
    </message>
    <message>
        <source>Entropy draft (bits)</source>
        <translation>草稿熵（比特）</translation>
    </message>
    <message>
        <source>Exit layer</source>
        <translation>退出层</translation>
    </message>
    <message>
        <source>Index of the token in the whole sequence, prompt included</source>
        <translation>词元在整个序列中的索引（含提示）</translation>
    </message>
    <message>
        <source>The token&apos;s text (↵ newline, → tab, \x.. a partial UTF-8 piece)</source>
        <translation>词元的文本（↵ 换行，→ 制表符，\x.. 不完整的 UTF-8 片段）</translation>
    </message>
    <message>
        <source>Where the token came from: prompt, accepted draft, correction, bonus or plain target</source>
        <translation>词元来源：提示、被接受的草稿、纠正、奖励或目标模型直接生成</translation>
    </message>
    <message>
        <source>The decoding step that emitted the token</source>
        <translation>生成该词元的解码步骤</translation>
    </message>
    <message>
        <source>Probability of the token under the target model (temperature 1)</source>
        <translation>词元在目标模型下的概率（温度 1）</translation>
    </message>
    <message>
        <source>Probability of the token under the draft model, for drafted tokens</source>
        <translation>草拟词元在草稿模型下的概率</translation>
    </message>
    <message>
        <source>Acceptance probability min(1, p/q) of a drafted token</source>
        <translation>草拟词元的接受概率 min(1, p/q)</translation>
    </message>
    <message>
        <source>Entropy of the target&apos;s distribution at this position, in bits</source>
        <translation>目标模型在此位置分布的熵，单位比特</translation>
    </message>
    <message>
        <source>Entropy of the draft&apos;s distribution at this position, in bits</source>
        <translation>草稿模型在此位置分布的熵，单位比特</translation>
    </message>
    <message>
        <source>Layer where the prediction exited early; empty for full depth</source>
        <translation>预测提前退出的层；完整深度时为空</translation>
    </message>
    <message>
        <source>position</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>token id</source>
        <translation>词元 ID</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>acceptance prob.</source>
        <translation>接受概率</translation>
    </message>
    <message>
        <source>%1 bits</source>
        <translation>%1 比特</translation>
    </message>
    <message>
        <source>entropy target</source>
        <translation>目标熵</translation>
    </message>
    <message>
        <source>entropy draft</source>
        <translation>草稿熵</translation>
    </message>
    <message>
        <source>exit layer</source>
        <translation>退出层</translation>
    </message>
    <message>
        <source>top-k</source>
        <translation>top-k</translation>
    </message>
</context>
</TS>
