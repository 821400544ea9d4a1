// The compare page's strings (table, claims, chooser), in our words. Facts from the article, not its sentences.
import { defineMessages, type KeysOf } from '../core/main-thread/i18n';
const en = {
  'compare.title': 'The five side by side',
  'compare.lead':
    'Sizes, training and quality come from our own training and evaluation scripts (the manifest); the time per sample is measured now, in your browser, on the fastest engine each model has here. Below the table, the article’s claims meet these numbers, and a chooser turns your constraints into a recommendation.',
  'compare.measure': 'Measure on this device',
  'compare.scope.label': 'Engines',
  'compare.scope.all': 'all engines, keep the fastest',
  'compare.scope.wasm': 'wasm only (quicker)',
  'compare.measuring': 'Measuring {model}… ({done} of {total} models)',
  'compare.downloading': 'Downloading {file} for {model}: {done} of {total} MB',
  'compare.measured': 'Measured {when}. Engine medians: {details}',
  'compare.notmeasured': 'not measured yet',
  'compare.failed': '{model} could not be measured: {message}',
  'compare.software':
    'Your WebGPU adapter is a software one (a CPU pretending to be a GPU): GPU engines run slowly here, and wasm usually wins.',
  'compare.col.model': 'Model',
  'compare.col.params': 'Parameters',
  'compare.col.download': 'Download',
  'compare.col.ms': 'ms per sample (here)',
  'compare.col.sample': 'One sample is',
  'compare.col.training': 'Training',
  'compare.col.data': 'Training data',
  'compare.col.quality': 'Quality',
  'compare.training': '{minutes} min, {steps} steps on {device}',
  'compare.training.cut': 'stopped by our time limit',
  'compare.data.images': '{amount} images',
  'compare.data.characters': '{amount} million characters',
  'compare.data.views': '{amount} photos of one scene',
  'compare.quality.image': 'FD {fd} · coverage {coverage} · sharpness {sharpness}',
  'compare.quality.text': 'validation loss {loss} nats per character',
  'compare.quality.nerf': 'PSNR {psnr} dB on held-out views',
  'compare.quality.help':
    'FD: Fréchet distance in the feature space of our own Fashion-MNIST classifier (lower is closer to real images; real images score {realFd}). Coverage: share of the 10 classes the samples hit. Sharpness: variance of the Laplacian (real images: {realSharp}).',
  'compare.engine': 'on {engine}',
  'compare.medians':
    'Every engine measured: median ms per timed call (one model call; diffusion: one guided U-Net call; transformer: one step; NeRF: one frame)',
  'claims.title': 'The article’s claims, checked against our numbers',
  'claims.col.claim': 'Claim',
  'claims.col.evidence': 'Our evidence',
  'claims.col.verdict': 'Verdict',
  'claims.col.caveat': 'What limits it',
  'claims.verdict.supported': 'supported',
  'claims.verdict.not-supported': 'not supported',
  'claims.verdict.inconclusive': 'inconclusive',
  'claims.verdict.not-measurable': 'not measurable here',
  'claims.undecided.few-seeds': 'Inconclusive: it compares models on fewer than three seeds, and one seed can land anywhere in the spread.',
  'claims.undecided.within-spread': 'Inconclusive: the models’ seeds overlap, so the lead is within the run-to-run spread.',
  'claims.undecided.below-margin': 'Inconclusive: there is a lead, but it is smaller than the margin this claim needs.',
  'claims.undecided.not-reached':
    'Inconclusive: a model the rule needs never got good enough within its budget, and an untrained model’s numbers say little.',
  'claims.undecided.artefact': 'Inconclusive: a known quirk of the measurement could explain the result.',
  'claims.undecided.ways-disagree': 'Inconclusive: read two ways, the data points in opposite directions.',
  'claims.undecided.no-events': 'Inconclusive: what the rule counts never happened on either side, so nothing tells the models apart.',
  'claims.basis': 'Rests on {seeds} seeds per setting, {minutes} min of training per run, on {device}.',
  'claims.basis.one': 'Rests on one run per setting, {minutes} min of training each, on {device}.',
  'claims.notshown': 'Not measured for our models yet (precision and recall of their samples).',
  'claims.unmeasured': 'Needs the time per sample: press “Measure on this device”.',
  'claims.help':
    'Verdicts are computed from the numbers above, and for the claims about learning from the training study’s runs, each time they change; the rule behind each claim, argued against the article’s own words, sits beside it in src/compare/claims.ts and src/compare/study-claims.ts. “Inconclusive” means our data cannot decide: too few seeds, a lead inside the seeds’ spread or below the claim’s margin, an untrained model, or readings that disagree. One small model per kind, trained for minutes on a CPU, is evidence about that scale, not about every scale.',
  'claim.gan-faster.text': 'GANs generate new content faster than VAEs.',
  'claim.gan-faster.evidence':
    'Per image here: GAN {gan} ms, VAE {vae} ms (diffusion, for comparison: {diffusion} ms). A lead counts from 10 %.',
  'claim.gan-faster.caveat':
    'Both make an image in one pass of a small network, so the sizes of our two networks decide as much as the kind of model; timed on this device only.',
  'claim.vae-blurrier.text': 'VAE images are less sharp and detailed than GAN images.',
  'claim.vae-blurrier.evidence':
    'Sharpness (variance of the Laplacian): VAE {vae}, GAN {gan}, real images {real}; distance from the real value: VAE {vaeGap}, GAN {ganGap}.',
  'claim.vae-blurrier.caveat':
    'Noise raises this sharpness too (damaged images score above real ones), so the verdict asks which model is closer to real images, not which scores higher.',
  'claim.diffusion-costly.text': 'Diffusion models cost more compute, in training and in sampling.',
  'claim.diffusion-costly.evidence':
    'At equal budgets ({minutes} min of CPU per run), seconds until the FD reaches {level}, slowest seed: VAE {vae}, GAN {gan}, diffusion {diffusion} (“>”: not within the budget). Sampling here: a diffusion image takes at least {factor}× as long as a VAE or GAN image.',
  'claim.diffusion-costly.caveat':
    'Training is compared at the study’s equal budgets, one CPU thread per run; the shipped models’ own training times are left out, since we chose their limits.',
  'claim.diffusion-precise.text': 'Diffusion models produce very precise images, sometimes more so than GANs.',
  'claim.diffusion-precise.evidence':
    'Precision (share of samples that fall among real images, in our classifier’s features; {samples} samples each): GAN {gan}; diffusion by guidance {diffusion}; VAE {vae}; real images {real}. Recall: GAN {ganRecall}, diffusion {recall}.',
  'claim.diffusion-precise.caveat':
    'One small pair of models with unequal training (diffusion 75 min on 2 threads, GAN 55 min on 1); precision measures fidelity only, recall shows what it costs in variety. Where the blurry VAE scores above the GAN, the measure rewards smooth, typical images rather than detail and cannot decide.',
  'claim.transformer-data.text': 'Transformers need much data before they pay off (here: where our GPT overtakes a tuned n-gram model).',
  'claim.transformer-data.evidence':
    'Same training time on each share of the corpus. On {few} characters the GPT reaches {gptFew} nats per character against the n-gram model’s {ngramFew}; on {many} characters {gptMany} against {ngramMany}. The GPT is ahead from {over} characters on.',
  'claim.transformer-data.caveat':
    'Even the whole corpus is small, far from the very large data sets the article has in mind; a lead counts from 2 % of the loss.',
  'claim.nerf-slow.text': 'NeRFs render slowly and suit real-time use poorly.',
  'claim.nerf-slow.evidence':
    'A {view}×{view} view took {ms} ms here ({engine}); scaled to a 1280×720 frame that is {frame} ms, {fps} frames per second (real time: 30, at most {limit} ms).',
  'claim.nerf-slow.caveat':
    'Scaled by pixel count from a small view: per-frame overhead is scaled along, which overstates the time on a fast GPU. The verdict belongs to this device.',
  'claim.nerf-little-data.text': 'NeRFs need comparatively little training data.',
  'claim.nerf-little-data.evidence':
    'Our NeRF on unseen views, by number of photos (photos → dB): {curve}. {views} photos come within 1 dB of the {best} dB that {most} give.',
  'claim.nerf-little-data.caveat':
    'The article compares NeRFs with other ways of making 3-D from photos; we have no such model to set beside ours, so this row describes instead of judging.',
  'claims.nostudy': 'Needs the runs of the training study (study.json), which are not there yet.',
  'claims.studyerror': 'The training study’s file could not be read ({message}); the claims about learning stay open.',
  'claims.studylink': 'All plots of the training study.',
  'claims.trainlink': 'Or watch a VAE, a GAN and a diffusion model learn, live on this device.',
  'claims.textlink': 'Or a GPT learn a text beside the n-gram it has to beat.',
  'claims.nerflink': 'Or a radiance field learn a scene from 5 to 100 photos.',
  'claims.plot': 'see the plot',
  'claim.vae-little-data.text': 'VAEs cope better than the others with little training data.',
  'claim.vae-little-data.evidence':
    'FD with {few} training images: VAE {vae}, GAN {gan}, diffusion {diffusion}. Growth from {many} to {few} images: VAE {vaeFactor}×, GAN {ganFactor}×, diffusion {diffusionFactor}×.',
  'claim.vae-little-data.more.memo':
    'With {few} images the VAE’s samples lie {memo}× as far from their nearest training image as test images do.',
  'claim.vae-little-data.caveat':
    'Read two ways: quality with little data, and what losing data costs. A model that never reached the FD level with all the data is left out of the second. A distance ratio well below 1 could mean copying, or only blurry samples, which lie close to many images.',
  'claim.vae-poor-data.text': 'VAEs cope better than the others with poor training data.',
  'claim.vae-poor-data.evidence':
    'FD with {share} % of the images damaged: VAE {vae}, GAN {gan}, diffusion {diffusion}; growth over clean data: VAE {vaeFactor}×, GAN {ganFactor}×, diffusion {diffusionFactor}×. Damaged runs that collapsed: {collapsed} (GAN {collapsedGan}).',
  'claim.vae-poor-data.caveat':
    'Read two ways: quality with poor data, and what the damage costs. A model that never reached the FD level with clean data is left out of the second: a small factor from a poor start says little.',
  'claim.gan-training-time.text': 'GANs need more training time and compute than VAEs.',
  'claim.gan-training-time.evidence':
    'Seconds of training until the FD reaches {level}: VAE {vae}, GAN {gan} (diffusion, for comparison: {diffusion}); at {high}: VAE {vaeHigh}, GAN {ganHigh}; at {low}: VAE {vaeLow}, GAN {ganLow} (“>”: not within the budget).',
  'claim.gan-training-time.caveat':
    'Every run had the same compute, so only time is tested, at three FD levels; a verdict needs the same answer at all three.',
  'claim.gan-outliers.text': 'GANs ignore outliers in the training data.',
  'claim.gan-outliers.evidence':
    'Inverted images (light background, dark garment) make up {train} % of the training set and {share} % of {samples} GAN samples (95 % interval {low}–{high} %, corrected for the detector’s mistakes); VAE {vae} %, diffusion {diffusion} %. Ignored at {limit} % or less.',
  'claim.gan-outliers.caveat':
    'A sample counts as an outlier when its nearest test image, in pixels, is an inverted one; on real test images that detector fired {fpr} % of the time.',
  'claim.diffusion-rare.text': 'Diffusion models overlook details that are rare in the data.',
  'claim.diffusion-rare.evidence':
    '“{className}” makes up {train} % of the training set and {share} % of {samples} diffusion samples (95 % interval {low}–{high} %, corrected for our classifier’s mistakes); VAE {vae} %, GAN {gan} %. With the class at 10 % the diffusion model drew {baseline} %. Overlooked at {limit} % or less.',
  'claim.diffusion-rare.caveat':
    'The article means rare details, such as extra fingers; a rare class is the nearest thing we can count. The class is one our classifier hardly ever files junk under (Bag, used in the study’s first runs, is where junk goes).',
  'claim.diffusion-easier.text': 'Diffusion models are easier to train than GANs.',
  'claim.diffusion-easier.evidence':
    'Collapsed runs over the whole study: GAN {ganCollapses} of {ganRuns}, diffusion {diffusionCollapses} of {diffusionRuns}. Final FD over {seeds} seeds varies by {gan} % of its mean for the GAN (sd {ganSd}) and {diffusion} % for diffusion (sd {diffusionSd}).',
  'claim.diffusion-easier.caveat':
    'Supported only if the GAN collapses at least twice and diffusion never; spread alone cannot decide, since diffusion’s small relative spread comes from its mean being far from trained.',
  'chooser.title': 'Which model fits your task?',
  'chooser.lead':
    'Tick what your task needs. The ranking follows the article’s “when to use” lists, written down as rules with weights; each model shows the rules that moved it.',
  'chooser.needs': 'What you need',
  'chooser.need.little-data': 'I have little training data',
  'chooser.need.sharp': 'Results must be sharp and precise',
  'chooser.need.fast': 'Generating must be fast and cheap',
  'chooser.need.compute': 'I have lots of compute for training',
  'chooser.need.realtime': 'It must run in real time',
  'chooser.content': 'Content',
  'chooser.content.any': 'any',
  'chooser.content.image': 'images',
  'chooser.content.text': 'text',
  'chooser.content.3d': '3-D scenes',
  'chooser.content.audio': 'audio',
  'chooser.score': 'score {score}',
  'chooser.nofit': 'does not make this content',
  'chooser.open': 'try it',
  'chooser.dropped': 'Ignored from the link: {values}',
  'chooser.reason.content.0': 'does not make this kind of content',
  'chooser.reason.content.1': 'can make this content, but it is not its home ground',
  'chooser.reason.content.2': 'made for this kind of content',
  'chooser.reason.vae.little-data': 'copes well with little or noisy data: it fills gaps with probabilities',
  'chooser.reason.nerf.little-data': 'learns a scene from a comparatively small set of photos',
  'chooser.reason.diffusion.little-data': 'wants a large and varied data set, or it misses rare details',
  'chooser.reason.transformer.little-data': 'needs very large data sets to train well',
  'chooser.reason.gan.sharp': 'known for sharp, detailed, realistic results',
  'chooser.reason.diffusion.sharp': 'very precise images, at times beyond GANs',
  'chooser.reason.vae.sharp': 'tends to blur fine detail',
  'chooser.reason.gan.fast': 'one pass of the generator per sample: fast and cheap',
  'chooser.reason.vae.fast': 'one pass of the decoder per sample (measured fast here too)',
  'chooser.reason.diffusion.fast': 'many denoising steps per sample cost a lot of compute',
  'chooser.reason.transformer.fast': 'heavy at generation, one token after the other',
  'chooser.reason.nerf.fast': 'rendering views is slow; better when nothing has to be quick',
  'chooser.reason.gan.compute': 'its training needs many iterations and much compute',
  'chooser.reason.diffusion.compute': 'training is costly; worth it with compute to spare',
  'chooser.reason.transformer.compute': 'wants lots of compute for training and for generating',
  'chooser.reason.gan.realtime': 'fast enough for live use',
  'chooser.reason.vae.realtime': 'one cheap pass: fits live use',
  'chooser.reason.nerf.realtime': 'poorly suited to real time; render ahead of time instead',
  'chooser.reason.diffusion.realtime': 'dozens of steps per sample stand in the way of real time',
};

const de: Record<keyof typeof en, string> = {
  'compare.title': 'Die fünf nebeneinander',
  'compare.lead':
    'Größen, Training und Qualität stammen aus unseren eigenen Trainings- und Auswertungsskripten (dem Manifest); die Zeit pro Probe wird jetzt in deinem Browser gemessen, auf der schnellsten Engine, die das Modell hier hat. Unter der Tabelle treffen die Aussagen des Artikels auf diese Zahlen, und eine Auswahlhilfe macht aus deinen Bedingungen eine Empfehlung.',
  'compare.measure': 'Auf diesem Gerät messen',
  'compare.scope.label': 'Engines',
  'compare.scope.all': 'alle Engines, die schnellste zählt',
  'compare.scope.wasm': 'nur wasm (schneller fertig)',
  'compare.measuring': 'Messe {model}… ({done} von {total} Modellen)',
  'compare.downloading': 'Lade {file} für {model}: {done} von {total} MB',
  'compare.measured': 'Gemessen {when}. Mediane je Engine: {details}',
  'compare.notmeasured': 'noch nicht gemessen',
  'compare.failed': '{model} ließ sich nicht messen: {message}',
  'compare.software':
    'Dein WebGPU-Adapter ist ein Software-Adapter (eine CPU, die eine GPU spielt): GPU-Engines laufen hier langsam, meist gewinnt wasm.',
  'compare.col.model': 'Modell',
  'compare.col.params': 'Parameter',
  'compare.col.download': 'Download',
  'compare.col.ms': 'ms pro Probe (hier)',
  'compare.col.sample': 'Eine Probe ist',
  'compare.col.training': 'Training',
  'compare.col.data': 'Trainingsdaten',
  'compare.col.quality': 'Qualität',
  'compare.training': '{minutes} min, {steps} Schritte auf {device}',
  'compare.training.cut': 'von unserem Zeitlimit beendet',
  'compare.data.images': '{amount} Bilder',
  'compare.data.characters': '{amount} Millionen Zeichen',
  'compare.data.views': '{amount} Fotos einer Szene',
  'compare.quality.image': 'FD {fd} · Abdeckung {coverage} · Schärfe {sharpness}',
  'compare.quality.text': 'Validierungsverlust {loss} nats pro Zeichen',
  'compare.quality.nerf': 'PSNR {psnr} dB auf zurückgehaltenen Ansichten',
  'compare.quality.help':
    'FD: Fréchet-Distanz im Merkmalsraum unseres eigenen Fashion-MNIST-Klassifikators (kleiner heißt näher an echten Bildern; echte Bilder erreichen {realFd}). Abdeckung: Anteil der 10 Klassen, die die Proben treffen. Schärfe: Varianz des Laplace-Filters (echte Bilder: {realSharp}).',
  'compare.engine': 'auf {engine}',
  'compare.medians':
    'Jede gemessene Engine: Median in ms pro gemessenem Aufruf (ein Modellaufruf; Diffusion: ein geführter U-Net-Aufruf; Transformer: ein Schritt; NeRF: ein Bild)',
  'claims.title': 'Die Aussagen des Artikels, an unseren Zahlen geprüft',
  'claims.col.claim': 'Aussage',
  'claims.col.evidence': 'Unsere Belege',
  'claims.col.verdict': 'Urteil',
  'claims.col.caveat': 'Was es einschränkt',
  'claims.verdict.supported': 'bestätigt',
  'claims.verdict.not-supported': 'nicht bestätigt',
  'claims.verdict.inconclusive': 'offen',
  'claims.verdict.not-measurable': 'hier nicht messbar',
  'claims.undecided.few-seeds':
    'Offen: Der Vergleich stützt sich auf weniger als drei Seeds, und ein einzelner Seed kann überall in der Streuung landen.',
  'claims.undecided.within-spread': 'Offen: Die Seeds der Modelle überlappen, der Vorsprung liegt innerhalb der Streuung von Lauf zu Lauf.',
  'claims.undecided.below-margin': 'Offen: Es gibt einen Vorsprung, aber er ist kleiner als die Marge, die diese Aussage verlangt.',
  'claims.undecided.not-reached':
    'Offen: Ein Modell, das die Regel braucht, wurde in seinem Budget nie gut genug, und die Zahlen eines untrainierten Modells sagen wenig.',
  'claims.undecided.artefact': 'Offen: Eine bekannte Eigenheit der Messung könnte das Ergebnis erklären.',
  'claims.undecided.ways-disagree': 'Offen: Auf zwei Arten gelesen, zeigen die Daten in entgegengesetzte Richtungen.',
  'claims.undecided.no-events': 'Offen: Was die Regel zählt, kam auf keiner Seite vor; nichts unterscheidet die Modelle.',
  'claims.basis': 'Beruht auf {seeds} Seeds je Einstellung, {minutes} min Training pro Lauf, auf {device}.',
  'claims.basis.one': 'Beruht auf einem Lauf je Einstellung, je {minutes} min Training, auf {device}.',
  'claims.notshown': 'Für unsere Modelle noch nicht gemessen (Präzision und Recall ihrer Bilder).',
  'claims.unmeasured': 'Braucht die Zeit pro Probe: „Auf diesem Gerät messen“ drücken.',
  'claims.help':
    'Die Urteile werden bei jeder Änderung neu berechnet: aus den Zahlen oben, die Aussagen über das Lernen aus den Läufen der Trainingsstudie; die Regel hinter jeder Aussage, am Wortlaut des Artikels begründet, steht daneben in src/compare/claims.ts und src/compare/study-claims.ts. „Offen“ heißt: Unsere Daten entscheiden es nicht – zu wenige Seeds, ein Vorsprung innerhalb der Streuung oder unter der Marge, ein untrainiertes Modell oder Lesarten, die sich widersprechen. Ein kleines Modell pro Art, minutenlang auf einer CPU trainiert, belegt etwas über diesen Maßstab, nicht über jeden.',
  'claim.gan-faster.text': 'GANs erzeugen neue Inhalte schneller als VAEs.',
  'claim.gan-faster.evidence':
    'Pro Bild hier: GAN {gan} ms, VAE {vae} ms (Diffusion zum Vergleich: {diffusion} ms). Ein Vorsprung zählt ab 10 %.',
  'claim.gan-faster.caveat':
    'Beide erzeugen ein Bild in einem Durchlauf eines kleinen Netzes; die Größe unserer beiden Netze entscheidet also ebenso viel wie die Modellart. Gemessen nur auf diesem Gerät.',
  'claim.vae-blurrier.text': 'VAE-Bilder sind weniger scharf und detailreich als GAN-Bilder.',
  'claim.vae-blurrier.evidence':
    'Schärfe (Varianz des Laplace-Filters): VAE {vae}, GAN {gan}, echte Bilder {real}; Abstand zum echten Wert: VAE {vaeGap}, GAN {ganGap}.',
  'claim.vae-blurrier.caveat':
    'Auch Rauschen erhöht diese Schärfe (beschädigte Bilder liegen über echten), daher fragt das Urteil, welches Modell näher an echten Bildern liegt, nicht welches höher liegt.',
  'claim.diffusion-costly.text': 'Diffusionsmodelle kosten mehr Rechenleistung, beim Training wie beim Erzeugen.',
  'claim.diffusion-costly.evidence':
    'Bei gleichem Budget ({minutes} min CPU pro Lauf) Sekunden, bis die FD {level} erreicht, langsamster Seed: VAE {vae}, GAN {gan}, Diffusion {diffusion} („>“: nicht im Budget). Erzeugen hier: Ein Diffusionsbild dauert mindestens {factor}-mal so lange wie ein VAE- oder GAN-Bild.',
  'claim.diffusion-costly.caveat':
    'Das Training wird bei den gleichen Budgets der Studie verglichen, ein CPU-Thread pro Lauf; die Trainingszeiten der ausgelieferten Modelle bleiben außen vor, denn deren Grenzen haben wir gesetzt.',
  'claim.diffusion-precise.text': 'Diffusionsmodelle liefern sehr präzise Bilder, mitunter präzisere als GANs.',
  'claim.diffusion-precise.evidence':
    'Präzision (Anteil der Bilder, die zwischen echten Bildern liegen, in den Merkmalen unseres Klassifikators; je {samples} Bilder): GAN {gan}; Diffusion nach Guidance {diffusion}; VAE {vae}; echte Bilder {real}. Recall: GAN {ganRecall}, Diffusion {recall}.',
  'claim.diffusion-precise.caveat':
    'Ein kleines Modellpaar mit ungleichem Training (Diffusion 75 min auf 2 Threads, GAN 55 min auf 1); Präzision misst nur die Treue, der Recall zeigt, was sie an Vielfalt kostet. Liegt das unscharfe VAE über dem GAN, belohnt das Maß glatte, typische Bilder statt Details und kann nicht entscheiden.',
  'claim.transformer-data.text':
    'Transformer brauchen viele Daten, bevor sie sich lohnen (hier: ab wann unser GPT ein abgestimmtes n-Gramm-Modell überholt).',
  'claim.transformer-data.evidence':
    'Gleiche Trainingszeit auf jedem Anteil des Korpus. Bei {few} Zeichen erreicht das GPT {gptFew} Nats pro Zeichen, das n-Gramm-Modell {ngramFew}; bei {many} Zeichen {gptMany} gegen {ngramMany}. Das GPT liegt ab {over} Zeichen vorn.',
  'claim.transformer-data.caveat':
    'Selbst das ganze Korpus ist klein, weit weg von den sehr großen Datensätzen, die der Artikel meint; ein Vorsprung zählt ab 2 % des Verlusts.',
  'claim.nerf-slow.text': 'NeRFs rendern langsam und taugen wenig für Echtzeit.',
  'claim.nerf-slow.evidence':
    'Eine {view}×{view}-Ansicht brauchte hier {ms} ms ({engine}); auf ein 1280×720-Bild hochgerechnet sind das {frame} ms, {fps} Bilder pro Sekunde (Echtzeit: 30, höchstens {limit} ms).',
  'claim.nerf-slow.caveat':
    'Nach Pixelzahl von einer kleinen Ansicht hochgerechnet: Der feste Aufwand pro Bild wird mit hochgerechnet, was die Zeit auf einer schnellen GPU überschätzt. Das Urteil gilt für dieses Gerät.',
  'claim.nerf-little-data.text': 'NeRFs kommen mit vergleichsweise wenig Trainingsdaten aus.',
  'claim.nerf-little-data.evidence':
    'Unser NeRF auf ungesehenen Ansichten, nach Zahl der Fotos (Fotos → dB): {curve}. {views} Fotos kommen bis auf 1 dB an die {best} dB heran, die {most} ergeben.',
  'claim.nerf-little-data.caveat':
    'Der Artikel vergleicht NeRFs mit anderen Wegen, aus Fotos 3D zu machen; ein solches Modell haben wir nicht, daher beschreibt diese Zeile, statt zu urteilen.',
  'claims.nostudy': 'Braucht die Läufe der Trainingsstudie (study.json), die noch fehlen.',
  'claims.studyerror': 'Die Datei der Trainingsstudie ließ sich nicht lesen ({message}); die Aussagen über das Lernen bleiben offen.',
  'claims.studylink': 'Alle Diagramme der Trainingsstudie.',
  'claims.trainlink': 'Oder einem VAE, einem GAN und einem Diffusionsmodell live auf diesem Gerät beim Lernen zusehen.',
  'claims.textlink': 'Oder einem GPT beim Lernen eines Texts neben dem N-Gramm, das es schlagen muss.',
  'claims.nerflink': 'Oder einem Radiance Field beim Lernen einer Szene aus 5 bis 100 Fotos.',
  'claims.plot': 'zum Diagramm',
  'claim.vae-little-data.text': 'VAEs kommen mit wenig Trainingsdaten besser zurecht als die anderen.',
  'claim.vae-little-data.evidence':
    'FD mit {few} Trainingsbildern: VAE {vae}, GAN {gan}, Diffusion {diffusion}. Anstieg von {many} auf {few} Bilder: VAE {vaeFactor}-fach, GAN {ganFactor}-fach, Diffusion {diffusionFactor}-fach.',
  'claim.vae-little-data.more.memo':
    'Mit {few} Bildern liegen die Bilder des VAE {memo}-mal so weit vom nächsten Trainingsbild wie Testbilder.',
  'claim.vae-little-data.caveat':
    'Auf zwei Arten gelesen: Qualität mit wenig Daten und was der Verlust an Daten kostet. Ein Modell, das mit allen Daten die FD-Schwelle nie erreichte, bleibt beim zweiten außen vor. Ein Abstandsverhältnis weit unter 1 könnte Abschreiben bedeuten – oder nur unscharfe Bilder, die vielen Bildern nahe liegen.',
  'claim.vae-poor-data.text': 'VAEs kommen mit schlechten Trainingsdaten besser zurecht als die anderen.',
  'claim.vae-poor-data.evidence':
    'FD mit {share} % beschädigten Bildern: VAE {vae}, GAN {gan}, Diffusion {diffusion}; Anstieg gegenüber sauberen Daten: VAE {vaeFactor}-fach, GAN {ganFactor}-fach, Diffusion {diffusionFactor}-fach. Kollabierte Läufe mit beschädigten Daten: {collapsed} (GAN {collapsedGan}).',
  'claim.vae-poor-data.caveat':
    'Auf zwei Arten gelesen: Qualität mit schlechten Daten und was der Schaden kostet. Ein Modell, das mit sauberen Daten die FD-Schwelle nie erreichte, bleibt beim zweiten außen vor: Ein kleiner Faktor nach schwachem Start sagt wenig.',
  'claim.gan-training-time.text': 'GANs brauchen mehr Trainingszeit und Rechenleistung als VAEs.',
  'claim.gan-training-time.evidence':
    'Sekunden Training, bis die FD {level} erreicht: VAE {vae}, GAN {gan} (Diffusion zum Vergleich: {diffusion}); bei {high}: VAE {vaeHigh}, GAN {ganHigh}; bei {low}: VAE {vaeLow}, GAN {ganLow} („>“: nicht im Budget).',
  'claim.gan-training-time.caveat':
    'Jeder Lauf hatte dieselbe Rechenleistung, geprüft wird also nur die Zeit, bei drei FD-Schwellen; ein Urteil braucht bei allen dreien dieselbe Antwort.',
  'claim.gan-outliers.text': 'GANs ignorieren Ausreißer in den Trainingsdaten.',
  'claim.gan-outliers.evidence':
    'Invertierte Bilder (heller Hintergrund, dunkles Kleidungsstück) machen {train} % der Trainingsdaten aus und {share} % von {samples} GAN-Bildern (95-%-Intervall {low}–{high} %, um die Fehler des Detektors korrigiert); VAE {vae} %, Diffusion {diffusion} %. Ignoriert bei höchstens {limit} %.',
  'claim.gan-outliers.caveat':
    'Ein Bild zählt als Ausreißer, wenn sein nächstes Testbild (in Pixeln) ein invertiertes ist; bei echten Testbildern schlug dieser Detektor in {fpr} % der Fälle an.',
  'claim.diffusion-rare.text': 'Diffusionsmodelle übersehen Details, die in den Daten selten sind.',
  'claim.diffusion-rare.evidence':
    '„{className}“ macht {train} % der Trainingsdaten aus und {share} % von {samples} Diffusionsbildern (95-%-Intervall {low}–{high} %, um die Fehler unseres Klassifikators korrigiert); VAE {vae} %, GAN {gan} %. Mit der Klasse bei 10 % zeichnete das Diffusionsmodell {baseline} %. Übersehen bei höchstens {limit} %.',
  'claim.diffusion-rare.caveat':
    'Der Artikel meint seltene Details wie zusätzliche Finger; eine seltene Klasse ist das Nächste, was wir zählen können. Gewählt ist eine Klasse, unter der unser Klassifikator Ausschuss fast nie einordnet (unter „Tasche“, in den ersten Läufen der Studie verwendet, landet Ausschuss).',
  'claim.diffusion-easier.text': 'Diffusionsmodelle lassen sich leichter trainieren als GANs.',
  'claim.diffusion-easier.evidence':
    'Kollabierte Läufe in der ganzen Studie: GAN {ganCollapses} von {ganRuns}, Diffusion {diffusionCollapses} von {diffusionRuns}. Die FD am Ende schwankt über {seeds} Seeds beim GAN um {gan} % ihres Mittelwerts (sd {ganSd}), bei Diffusion um {diffusion} % (sd {diffusionSd}).',
  'claim.diffusion-easier.caveat':
    'Bestätigt nur, wenn das GAN mindestens zweimal kollabiert und Diffusion nie; die Streuung allein entscheidet nichts, denn die kleine relative Streuung der Diffusion kommt von ihrem Mittelwert weit weg vom fertigen Modell.',
  'chooser.title': 'Welches Modell passt zu deiner Aufgabe?',
  'chooser.lead':
    'Kreuze an, was deine Aufgabe braucht. Die Rangfolge folgt den „Wann verwenden“-Listen des Artikels, als gewichtete Regeln aufgeschrieben; jedes Modell zeigt die Regeln, die es bewegt haben.',
  'chooser.needs': 'Was du brauchst',
  'chooser.need.little-data': 'Ich habe wenig Trainingsdaten',
  'chooser.need.sharp': 'Ergebnisse müssen scharf und präzise sein',
  'chooser.need.fast': 'Erzeugen muss schnell und billig sein',
  'chooser.need.compute': 'Ich habe viel Rechenleistung fürs Training',
  'chooser.need.realtime': 'Es muss in Echtzeit laufen',
  'chooser.content': 'Inhalt',
  'chooser.content.any': 'beliebig',
  'chooser.content.image': 'Bilder',
  'chooser.content.text': 'Text',
  'chooser.content.3d': '3-D-Szenen',
  'chooser.content.audio': 'Audio',
  'chooser.score': 'Punkte {score}',
  'chooser.nofit': 'erzeugt diesen Inhalt nicht',
  'chooser.open': 'ausprobieren',
  'chooser.dropped': 'Aus dem Link ignoriert: {values}',
  'chooser.reason.content.0': 'erzeugt diese Art Inhalt nicht',
  'chooser.reason.content.1': 'kann diesen Inhalt, ist dafür aber nicht gemacht',
  'chooser.reason.content.2': 'für genau diese Art Inhalt gemacht',
  'chooser.reason.vae.little-data': 'kommt mit wenig oder verrauschten Daten zurecht: füllt Lücken mit Wahrscheinlichkeiten',
  'chooser.reason.nerf.little-data': 'lernt eine Szene aus vergleichsweise wenigen Fotos',
  'chooser.reason.diffusion.little-data': 'will viele und vielfältige Daten, sonst fehlen seltene Details',
  'chooser.reason.transformer.little-data': 'braucht sehr große Datensätze, um gut zu lernen',
  'chooser.reason.gan.sharp': 'bekannt für scharfe, detailreiche, realistische Ergebnisse',
  'chooser.reason.diffusion.sharp': 'sehr präzise Bilder, zuweilen besser als GANs',
  'chooser.reason.vae.sharp': 'neigt dazu, feine Details zu verwischen',
  'chooser.reason.gan.fast': 'ein Durchlauf des Generators pro Probe: schnell und billig',
  'chooser.reason.vae.fast': 'ein Durchlauf des Decoders pro Probe (auch hier schnell gemessen)',
  'chooser.reason.diffusion.fast': 'viele Entrauschungsschritte pro Probe kosten viel Rechenzeit',
  'chooser.reason.transformer.fast': 'aufwendig beim Erzeugen, ein Token nach dem anderen',
  'chooser.reason.nerf.fast': 'Ansichten zu rendern dauert; besser, wenn nichts schnell gehen muss',
  'chooser.reason.gan.compute': 'sein Training braucht viele Durchläufe und viel Rechenleistung',
  'chooser.reason.diffusion.compute': 'teures Training; lohnt sich mit Rechenleistung im Überfluss',
  'chooser.reason.transformer.compute': 'will viel Rechenleistung fürs Training und fürs Erzeugen',
  'chooser.reason.gan.realtime': 'schnell genug für den Live-Einsatz',
  'chooser.reason.vae.realtime': 'ein billiger Durchlauf: passt für den Live-Einsatz',
  'chooser.reason.nerf.realtime': 'schlecht für Echtzeit; besser vorab rendern',
  'chooser.reason.diffusion.realtime': 'Dutzende Schritte pro Probe stehen Echtzeit im Weg',
};

export const compareStrings = defineMessages({ en, de });

declare module '../core/main-thread/i18n' {
  interface Messages extends KeysOf<typeof compareStrings> {}
}
