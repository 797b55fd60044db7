#include "gui/run_panel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "gui/strategy_texts.h"

namespace specscope {
namespace gui {

namespace {

QString bundledPath(const std::string& name) {
    for (const std::string& dir : bundled_model_dirs())
        if (QFileInfo(QString::fromStdString(dir)).fileName() == QString::fromStdString(name))
            return QString::fromStdString(dir);
    return {};
}

QString currentPath(const QComboBox* box) {
    const QVariant data = box->currentData();
    // An entry's data holds its path; typed text is a path too.
    if (data.isValid() && box->currentText() == box->itemText(box->currentIndex())) return data.toString();
    return box->currentText().trimmed();
}

} // namespace

RunPanel::RunPanel(QWidget* parent) : QWidget(parent), strategies_(describe_strategies()) {
    auto* layout = new QVBoxLayout(this);

    // --- models ---
    auto* models = new QGroupBox(tr("Models"), this);
    auto* mf = new QFormLayout(models);
    auto modelRow = [&](QComboBox*& box, bool allowNone) {
        box = new QComboBox(models);
        box->setEditable(true);
        box->setInsertPolicy(QComboBox::NoInsert);
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(10);
        if (allowNone) box->addItem(tr("(none)"), QString());
        for (const std::string& dir : bundled_model_dirs()) {
            const QString path = QString::fromStdString(dir);
            box->addItem(tr("%1 (bundled)").arg(QFileInfo(path).fileName()), path);
        }
        auto* row = new QWidget(models);
        auto* h = new QHBoxLayout(row);
        h->setContentsMargins(0, 0, 0, 0);
        h->addWidget(box, 1);
        auto* more = new QToolButton(row);
        more->setText(QStringLiteral("…"));
        more->setToolTip(tr("Choose a Hugging Face model directory (config.json, *.safetensors, tokenizer.json)"));
        connect(more, &QToolButton::clicked, this, [this, b = box] { browse(b); });
        h->addWidget(more);
        return row;
    };
    mf->addRow(tr("Target:"), modelRow(target_, false));
    mf->addRow(tr("Draft:"), modelRow(draft_, true));
    const QString demoTarget = bundledPath("demo-target"), demoDraft = bundledPath("demo-draft");
    if (!demoTarget.isEmpty()) target_->setCurrentIndex(target_->findData(demoTarget));
    if (!demoDraft.isEmpty()) draft_->setCurrentIndex(draft_->findData(demoDraft));
    device_ = new QComboBox(models);
    for (const std::string& d : available_devices()) device_->addItem(QString::fromStdString(d));
    dtype_ = new QComboBox(models);
    dtype_->addItems({QStringLiteral("float32"), QStringLiteral("bfloat16")});
    auto* dd = new QWidget(models);
    auto* ddl = new QHBoxLayout(dd);
    ddl->setContentsMargins(0, 0, 0, 0);
    ddl->addWidget(device_);
    ddl->addWidget(dtype_);
    mf->addRow(tr("Device:"), dd);
    auto* loadRow = new QWidget(models);
    auto* lr = new QHBoxLayout(loadRow);
    lr->setContentsMargins(0, 0, 0, 0);
    load_ = new QPushButton(tr("Load models"), loadRow);
    load_->setToolTip(tr("Load the target and draft on a background thread"));
    cancelLoad_ = new QPushButton(tr("Cancel"), loadRow);
    cancelLoad_->setVisible(false);
    progress_ = new QProgressBar(loadRow);
    progress_->setVisible(false);
    lr->addWidget(load_);
    lr->addWidget(progress_, 1);
    lr->addWidget(cancelLoad_);
    mf->addRow(loadRow);
    loaded_ = new QLabel(tr("No models loaded."), models);
    loaded_->setWordWrap(true);
    loaded_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    mf->addRow(loaded_);
    connect(load_, &QPushButton::clicked, this, &RunPanel::loadRequested);
    connect(cancelLoad_, &QPushButton::clicked, this, &RunPanel::cancelLoadRequested);
    layout->addWidget(models);

    // --- method ---
    auto* method = new QGroupBox(tr("Method"), this);
    auto* mv = new QVBoxLayout(method);
    strategy_ = new QComboBox(method);
    for (const auto& s : strategies_) {
        QString label = QString::fromStdString(s.name);
        if (!s.lossless) label += tr(" (lossy)");
        strategy_->addItem(label, QString::fromStdString(s.name));
        strategy_->setItemData(strategy_->count() - 1, translatedEngineText(s.description), Qt::ToolTipRole);
    }
    mv->addWidget(strategy_);
    description_ = new QLabel(method);
    description_->setWordWrap(true);
    mv->addWidget(description_);
    paramForm_ = new QFormLayout();
    mv->addLayout(paramForm_);
    connect(strategy_, &QComboBox::currentIndexChanged, this, [this] {
        rebuildParamForm();
        Q_EMIT strategyChanged(strategy());
    });
    layout->addWidget(method);

    // --- prompt ---
    auto* promptBox = new QGroupBox(tr("Prompt"), this);
    auto* pv = new QVBoxLayout(promptBox);
    examples_ = new QComboBox(promptBox);
    examples_->addItem(tr("Example prompts…"));
    for (const auto& [category, text] : example_prompts()) {
        QString first = QString::fromStdString(text).section(QLatin1Char('\n'), 0, 0).left(48);
        examples_->addItem(QStringLiteral("[%1] %2").arg(QString::fromStdString(category), first),
                           QString::fromStdString(text));
    }
    pv->addWidget(examples_);
    prompt_ = new QPlainTextEdit(promptBox);
    prompt_->setPlaceholderText(tr("Type a prompt, or pick an example above"));
    prompt_->setPlainText(QStringLiteral("In the beginning God created the heaven and the earth."));
    prompt_->setMinimumHeight(60);
    prompt_->setMaximumHeight(120);
    pv->addWidget(prompt_);
    connect(examples_, &QComboBox::activated, this, [this](int i) {
        if (i > 0) prompt_->setPlainText(examples_->itemData(i).toString());
        examples_->setCurrentIndex(0);
    });
    layout->addWidget(promptBox);

    // --- sampling ---
    auto* sampling = new QGroupBox(tr("Sampling"), this);
    auto* sf = new QFormLayout(sampling);
    temperature_ = new QDoubleSpinBox(sampling);
    temperature_->setRange(0, 5);
    temperature_->setSingleStep(0.1);
    temperature_->setDecimals(2);
    temperature_->setSpecialValueText(tr("0 (greedy)"));
    temperature_->setToolTip(tr("0 decodes greedily; above 0 samples (lossless methods keep the target's distribution)"));
    sf->addRow(tr("Temperature:"), temperature_);
    topK_ = new QSpinBox(sampling);
    topK_->setRange(0, 1 << 20);
    topK_->setSpecialValueText(tr("off"));
    sf->addRow(tr("Top-k:"), topK_);
    topP_ = new QDoubleSpinBox(sampling);
    topP_->setRange(0.01, 1);
    topP_->setSingleStep(0.05);
    topP_->setValue(1);
    sf->addRow(tr("Top-p:"), topP_);
    seed_ = new QSpinBox(sampling);
    seed_->setRange(0, 1 << 30);
    sf->addRow(tr("Seed:"), seed_);
    maxTokens_ = new QSpinBox(sampling);
    maxTokens_->setRange(1, 1 << 20);
    maxTokens_->setValue(128);
    sf->addRow(tr("New tokens:"), maxTokens_);
    layout->addWidget(sampling);

    buttons_ = new QWidget(this);
    new QHBoxLayout(buttons_);
    buttons_->layout()->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buttons_);
    layout->addStretch(1);

    const int sps = strategy_->findData(QStringLiteral("sps"));
    strategy_->setCurrentIndex(sps >= 0 ? sps : 0);
    rebuildParamForm();
}

void RunPanel::setRunActions(QAction* run, QAction* pause, QAction* step, QAction* stop) {
    for (QAction* a : {run, pause, step, stop}) {
        auto* b = new QToolButton(buttons_);
        b->setDefaultAction(a);
        b->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        b->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        buttons_->layout()->addWidget(b);
    }
}

void RunPanel::browse(QComboBox* box) {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a model directory"), currentPath(box));
    if (dir.isEmpty()) return;
    int i = box->findData(dir);
    if (i < 0) {
        box->addItem(QDir::toNativeSeparators(dir), dir);
        i = box->count() - 1;
    }
    box->setCurrentIndex(i);
}

QString RunPanel::targetPath() const { return currentPath(target_); }
QString RunPanel::draftPath() const { return currentPath(draft_); }
QString RunPanel::device() const { return device_->currentText(); }
QString RunPanel::dtype() const { return dtype_->currentText(); }
QString RunPanel::strategy() const { return strategy_->currentData().toString(); }

bool RunPanel::strategyNeedsDraft() const {
    for (const auto& s : strategies_)
        if (QString::fromStdString(s.name) == strategy()) return s.needs_draft;
    return false;
}

void RunPanel::setStrategy(const QString& name) {
    const int i = strategy_->findData(name);
    if (i >= 0) strategy_->setCurrentIndex(i);
}

void RunPanel::setPrompt(const QString& text) { prompt_->setPlainText(text); }

void RunPanel::setMaxNewTokens(int n) { maxTokens_->setValue(n); }

QWidget* RunPanel::makeEditor(const ParamDescription& p) {
    const QString help = translatedEngineText(p.help);
    QWidget* w = nullptr;
    switch (p.type) {
    case ParamDescription::Type::Int: {
        auto* s = new QSpinBox(this);
        s->setRange(static_cast<int>(p.min), static_cast<int>(std::min<double>(p.max, 1 << 30)));
        s->setValue(p.default_value.is_number() ? p.default_value.get<int>() : 0);
        w = s;
        break;
    }
    case ParamDescription::Type::Double: {
        auto* s = new QDoubleSpinBox(this);
        s->setDecimals(3);
        s->setRange(p.min, p.max);
        s->setSingleStep((p.max - p.min) > 2 ? 0.1 : 0.05);
        s->setValue(p.default_value.is_number() ? p.default_value.get<double>() : 0);
        w = s;
        break;
    }
    case ParamDescription::Type::Choice: {
        auto* c = new QComboBox(this);
        for (const auto& choice : p.choices) c->addItem(QString::fromStdString(choice));
        if (p.default_value.is_string()) c->setCurrentText(QString::fromStdString(p.default_value.get<std::string>()));
        w = c;
        break;
    }
    case ParamDescription::Type::Text: {
        auto* e = new QLineEdit(this);
        e->setText(p.default_value.is_string() ? QString::fromStdString(p.default_value.get<std::string>())
                                               : QString::fromStdString(p.default_value.dump()));
        w = e;
        break;
    }
    }
    w->setToolTip(help);
    return w;
}

void RunPanel::rebuildParamForm() {
    while (paramForm_->rowCount() > 0) paramForm_->removeRow(0);
    paramEditors_.clear();
    for (const auto& s : strategies_) {
        if (QString::fromStdString(s.name) != strategy()) continue;
        description_->setText(translatedEngineText(s.description) +
                              (s.lossless ? QString() : tr(" Lossy: the output may differ from the target's.")));
        if (s.params.empty()) paramForm_->addRow(new QLabel(tr("No parameters."), this));
        for (const auto& p : s.params) {
            QWidget* editor = makeEditor(p);
            auto* label = new QLabel(QString::fromStdString(p.name) + QLatin1Char(':'), this);
            label->setToolTip(translatedEngineText(p.help));
            paramForm_->addRow(label, editor);
            paramEditors_[p.name] = editor;
        }
    }
    draft_->setEnabled(true);
}

void RunPanel::setParam(const QString& name, const QVariant& value) {
    auto it = paramEditors_.find(name.toStdString());
    if (it == paramEditors_.end()) return;
    if (auto* s = qobject_cast<QSpinBox*>(it->second)) s->setValue(value.toInt());
    else if (auto* d = qobject_cast<QDoubleSpinBox*>(it->second)) d->setValue(value.toDouble());
    else if (auto* c = qobject_cast<QComboBox*>(it->second)) c->setCurrentText(value.toString());
    else if (auto* e = qobject_cast<QLineEdit*>(it->second)) e->setText(value.toString());
}

RunRequest RunPanel::request() const {
    RunRequest r;
    r.strategy = strategy().toStdString();
    for (const auto& [name, w] : paramEditors_) {
        if (auto* s = qobject_cast<QSpinBox*>(w)) r.params[name] = s->value();
        else if (auto* d = qobject_cast<QDoubleSpinBox*>(w)) r.params[name] = d->value();
        else if (auto* c = qobject_cast<QComboBox*>(w)) r.params[name] = c->currentText().toStdString();
        else if (auto* e = qobject_cast<QLineEdit*>(w)) {
            // Text parameters may hold JSON (a tree as nested lists); else a plain string.
            const std::string text = e->text().toStdString();
            const auto parsed = nlohmann::json::parse(text, nullptr, false);
            r.params[name] = parsed.is_discarded() || parsed.is_string() ? nlohmann::json(text) : parsed;
        }
    }
    r.temperature = temperature_->value();
    r.top_k = topK_->value();
    r.top_p = topP_->value();
    r.seed = static_cast<uint64_t>(seed_->value());
    r.max_new_tokens = maxTokens_->value();
    r.prompt = prompt_->toPlainText().toStdString();
    return r;
}

void RunPanel::setLoading(bool loading) {
    load_->setEnabled(!loading);
    cancelLoad_->setVisible(loading);
    progress_->setVisible(loading);
    if (loading) {
        progress_->setRange(0, 0);
        loaded_->setText(tr("Loading…"));
    }
}

void RunPanel::setLoadProgress(int done, int total) {
    progress_->setRange(0, total);
    progress_->setValue(done);
}

void RunPanel::setLoaded(const QString& target, const QString& draft, int layers) {
    loadedTarget_ = target;
    loadedDraft_ = draft;
    setLoading(false);
    QString text = tr("Loaded: %1 (%n layers)", nullptr, layers).arg(QFileInfo(target).fileName());
    if (!draft.isEmpty()) text += tr(" with draft %1").arg(QFileInfo(draft).fileName());
    loaded_->setText(text);
    loaded_->setToolTip(draft.isEmpty() ? target : target + QLatin1Char('\n') + draft);
}

void RunPanel::setLoadError(const QString& message) {
    setLoading(false);
    loaded_->setText(tr("Not loaded: %1").arg(message));
}

bool RunPanel::modelsChanged() const {
    auto same = [](const QString& a, const QString& b) {
        return QFileInfo(a).canonicalFilePath() == QFileInfo(b).canonicalFilePath() || a == b;
    };
    return loadedTarget_.isEmpty() || !same(targetPath(), loadedTarget_) || !same(draftPath(), loadedDraft_);
}

void RunPanel::saveSettings(QSettings& s) const {
    s.setValue(QStringLiteral("run/target"), targetPath());
    s.setValue(QStringLiteral("run/draft"), draftPath());
    s.setValue(QStringLiteral("run/strategy"), strategy());
    s.setValue(QStringLiteral("run/prompt"), prompt_->toPlainText());
    s.setValue(QStringLiteral("run/temperature"), temperature_->value());
    s.setValue(QStringLiteral("run/top_k"), topK_->value());
    s.setValue(QStringLiteral("run/top_p"), topP_->value());
    s.setValue(QStringLiteral("run/seed"), seed_->value());
    s.setValue(QStringLiteral("run/max_new_tokens"), maxTokens_->value());
}

void RunPanel::restoreSettings(const QSettings& s) {
    auto pick = [](QComboBox* box, const QString& path) {
        if (path.isNull()) return;
        int i = box->findData(path);
        if (i < 0 && !path.isEmpty() && QFileInfo(path).isDir()) {
            box->addItem(QDir::toNativeSeparators(path), path);
            i = box->count() - 1;
        }
        if (i >= 0) box->setCurrentIndex(i);
    };
    pick(target_, s.value(QStringLiteral("run/target")).toString());
    if (s.contains(QStringLiteral("run/draft"))) pick(draft_, s.value(QStringLiteral("run/draft")).toString());
    if (s.contains(QStringLiteral("run/strategy"))) setStrategy(s.value(QStringLiteral("run/strategy")).toString());
    if (s.contains(QStringLiteral("run/prompt"))) prompt_->setPlainText(s.value(QStringLiteral("run/prompt")).toString());
    temperature_->setValue(s.value(QStringLiteral("run/temperature"), 0.0).toDouble());
    topK_->setValue(s.value(QStringLiteral("run/top_k"), 0).toInt());
    topP_->setValue(s.value(QStringLiteral("run/top_p"), 1.0).toDouble());
    seed_->setValue(s.value(QStringLiteral("run/seed"), 0).toInt());
    maxTokens_->setValue(s.value(QStringLiteral("run/max_new_tokens"), 128).toInt());
}

} // namespace gui
} // namespace specscope
