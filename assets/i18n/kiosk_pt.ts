<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR" sourcelanguage="en">
    <context>
        <name>kiosk</name>
        <message>
            <source>Large text</source>
            <translation>Letra grande</translation>
        </message>
        <message>
            <source>Normal text</source>
            <translation>Letra normal</translation>
        </message>
        <message>
            <source>Call staff</source>
            <translation>Chamar funcionário</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Parar</translation>
        </message>
        <message>
            <source>Please take your card from the reader.</source>
            <translation>Retire o seu cartão do leitor.</translation>
        </message>
        <message>
            <source>Read card</source>
            <translation>Leitura</translation>
        </message>
        <message>
            <source>Identity</source>
            <translation>Identidade</translation>
        </message>
        <message>
            <source>Consent</source>
            <translation>Consentimento</translation>
        </message>
        <message>
            <source>Done</source>
            <translation>Concluído</translation>
        </message>
        <message>
            <source>Face recognition</source>
            <translation>Reconhecimento facial</translation>
        </message>
        <message>
            <source>PIN (4 digits)</source>
            <translation>Senha (4 dígitos)</translation>
        </message>
        <message>
            <source>Use my PIN instead</source>
            <translation>Usar a senha</translation>
        </message>
        <message>
            <source>Try again</source>
            <translation>Tentar de novo</translation>
        </message>
        <message>
            <source>Back</source>
            <translation>Voltar</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Limpar</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Apagar</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>I agree</source>
            <translation>Concordo</translation>
        </message>
        <message>
            <source>I do not agree</source>
            <translation>Não concordo</translation>
        </message>
        <message>
            <source>Provide</source>
            <translation>Fornecer</translation>
        </message>
        <message>
            <source>Do not provide</source>
            <translation>Não fornecer</translation>
        </message>
        <message>
            <source>Register</source>
            <translation>Registrar</translation>
        </message>
        <message>
            <source>Do not register</source>
            <translation>Não registrar</translation>
        </message>
        <message>
            <source>Continue</source>
            <translation>Continuar</translation>
        </message>
        <message>
            <source>More time</source>
            <translation>Mais tempo</translation>
        </message>
        <message>
            <source>No, continue</source>
            <translation>Não, continuar</translation>
        </message>
        <message>
            <source>Yes, stop</source>
            <translation>Sim, parar</translation>
        </message>
        <message>
            <source>Same person: approve</source>
            <translation>Mesma pessoa: aprovar</translation>
        </message>
        <message>
            <source>Not the same person</source>
            <translation>Não é a mesma pessoa</translation>
        </message>
        <message>
            <source>Close the kiosk</source>
            <translation>Fechar o quiosque</translation>
        </message>
        <message>
            <source>Please place your My Number Card on the card reader</source>
            <translation>Coloque o seu cartão My Number no leitor</translation>
        </message>
        <message>
            <source>Put the card face up. Leave it there until the screen asks you to take it.</source>
            <translation>Coloque o cartão com a frente para cima e deixe-o ali até a tela pedir para retirá-lo.</translation>
        </message>
        <message>
            <source>This reception kiosk cannot be used now</source>
            <translation>Este quiosque de recepção não pode ser usado agora</translation>
        </message>
        <message>
            <source>The card reader is not working. Please ask the staff at the reception desk.</source>
            <translation>O leitor de cartão não está funcionando. Fale com a equipe da recepção.</translation>
        </message>
        <message>
            <source>Receptions cannot be saved right now. Please ask the staff at the reception desk.</source>
            <translation>No momento não é possível salvar as recepções. Fale com a equipe do balcão de recepção.</translation>
        </message>
        <message>
            <source>A patient's reception is in progress. Close the kiosk once it has ended.</source>
            <translation>Há uma recepção de paciente em andamento. Feche o quiosque depois que ela terminar.</translation>
        </message>
        <message>
            <source>Please wait. Leave your card on the reader.</source>
            <translation>Aguarde. Deixe o cartão no leitor.</translation>
        </message>
        <message>
            <source>This is taking a little longer. Please keep waiting.</source>
            <translation>Está demorando um pouco mais. Aguarde, por favor.</translation>
        </message>
        <message>
            <source>Reading your card…</source>
            <translation>Lendo o seu cartão…</translation>
        </message>
        <message>
            <source>Choose face recognition or PIN</source>
            <translation>Escolha reconhecimento facial ou senha</translation>
        </message>
        <message>
            <source>Face recognition: the camera compares your face with the photo in the card. PIN: the 4 digits you set when you applied for the card.</source>
            <translation>Reconhecimento facial: a câmera compara o seu rosto com a foto do cartão. Senha: os 4 dígitos que você definiu ao pedir o cartão.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used right now. Please use your PIN.</source>
            <translation>O reconhecimento facial não está disponível agora. Use a senha.</translation>
        </message>
        <message>
            <source>Getting ready for face recognition…</source>
            <translation>Preparando o reconhecimento facial…</translation>
        </message>
        <message>
            <source>Look at the camera</source>
            <translation>Olhe para a câmera</translation>
        </message>
        <message>
            <source>Fit your face inside the frame on the screen; the picture is taken automatically. Please take off your mask.</source>
            <translation>Encaixe o rosto na moldura da tela; a foto é tirada automaticamente. Tire a máscara, por favor.</translation>
        </message>
        <message>
            <source>Time left: {n} s</source>
            <translation>Restam {n} s</translation>
        </message>
        <message>
            <source>Your face could not be confirmed</source>
            <translation>Não foi possível confirmar o seu rosto</translation>
        </message>
        <message>
            <source>You can try again, use your PIN, or call a staff member.</source>
            <translation>Você pode tentar de novo, usar a senha ou chamar um funcionário.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used</source>
            <translation>Não é possível usar o reconhecimento facial</translation>
        </message>
        <message>
            <source>Please use your PIN. If you do not know it, call a staff member.</source>
            <translation>Use a senha. Se não souber, chame um funcionário.</translation>
        </message>
        <message>
            <source>The camera is not working. Please use your PIN, or call a staff member.</source>
            <translation>A câmera não está funcionando. Use a senha ou chame um funcionário.</translation>
        </message>
        <message>
            <source>The photo in the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>Não foi possível ler a foto do cartão. Use a senha ou chame um funcionário.</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Please use your PIN, or call a staff member.</source>
            <translation>Não foi possível ler a frente do cartão. Use a senha ou chame um funcionário.</translation>
        </message>
        <message>
            <source>Face recognition cannot be used with this card now. Please use your PIN, or call a staff member.</source>
            <translation>O reconhecimento facial não pode ser usado com este cartão agora. Use a senha ou chame um funcionário.</translation>
        </message>
        <message>
            <source>Checking your card…</source>
            <translation>Verificando o seu cartão…</translation>
        </message>
        <message>
            <source>Enter your 4-digit PIN</source>
            <translation>Digite a senha de 4 dígitos</translation>
        </message>
        <message>
            <source>The 4-digit PIN you set when you applied for the card.</source>
            <translation>A senha de 4 dígitos definida ao pedir o cartão.</translation>
        </message>
        <message>
            <source>Tries left: {n}</source>
            <translation>Tentativas restantes: {n}</translation>
        </message>
        <message>
            <source>The PIN is not correct.</source>
            <translation>A senha está errada.</translation>
        </message>
        <message>
            <source>The PIN is 4 digits. Please enter it again.</source>
            <translation>A senha tem 4 dígitos. Digite de novo.</translation>
        </message>
        <message>
            <source>If it is wrong once more, the PIN will be locked.</source>
            <translation>Se errar mais uma vez, a senha será bloqueada.</translation>
        </message>
        <message>
            <source>Checking your PIN…</source>
            <translation>Verificando a senha…</translation>
        </message>
        <message>
            <source>Your PIN is locked</source>
            <translation>A sua senha está bloqueada</translation>
        </message>
        <message>
            <source>The PIN was entered wrongly 3 times, so it is locked. Your city office can unlock it. Today, please use face recognition or call a staff member.</source>
            <translation>A senha foi digitada errada 3 vezes e foi bloqueada. A prefeitura da sua cidade pode desbloqueá-la. Hoje, use o reconhecimento facial ou chame um funcionário.</translation>
        </message>
        <message>
            <source>A staff member is coming</source>
            <translation>Um funcionário está vindo</translation>
        </message>
        <message>
            <source>Please wait here. Staff: enter your staff PIN.</source>
            <translation>Aguarde aqui. Funcionário: digite a senha de funcionário.</translation>
        </message>
        <message>
            <source>Staff PIN not accepted.</source>
            <translation>Senha de funcionário não aceita.</translation>
        </message>
        <message>
            <source>Staff functions are locked for {n} min.</source>
            <translation>Funções de funcionário bloqueadas por {n} min.</translation>
        </message>
        <message>
            <source>Staff: visual check</source>
            <translation>Funcionário: verificação visual</translation>
        </message>
        <message>
            <source>Compare the photo in the card's chip with the patient in front of the kiosk.</source>
            <translation>Compare a foto do chip do cartão com o paciente diante do quiosque.</translation>
        </message>
        <message>
            <source>Chip photo not read: compare with the card's face.</source>
            <translation>Foto do chip não lida: compare com a frente do cartão.</translation>
        </message>
        <message>
            <source>Staff: close the kiosk</source>
            <translation>Funcionário: fechar o quiosque</translation>
        </message>
        <message>
            <source>Please wait here. A staff member has been called.</source>
            <translation>Aguarde aqui. Um funcionário foi chamado.</translation>
        </message>
        <message>
            <source>Your call could not reach the staff. Please speak to the reception desk.</source>
            <translation>Não foi possível chamar um funcionário. Por favor, fale com a recepção.</translation>
        </message>
        <message>
            <source>A staff member has seen your call and is on the way.</source>
            <translation>Um funcionário viu o seu chamado e está a caminho.</translation>
        </message>
        <message>
            <source>Staff: enter your staff PIN to start the visual check.</source>
            <translation>Funcionário: digite a senha de funcionário para iniciar a verificação visual.</translation>
        </message>
        <message>
            <source>Photo in the card's chip</source>
            <translation>Foto do chip</translation>
        </message>
        <message>
            <source>Camera now</source>
            <translation>Câmera agora</translation>
        </message>
        <message>
            <source>From the card: born {birth} (age {age}), {sex}</source>
            <translation>No cartão: nascido em {birth} ({age} anos), {sex}</translation>
        </message>
        <message>
            <source>Name (eligibility answer): {name}</source>
            <translation>Nome (resposta da verificação): {name}</translation>
        </message>
        <message>
            <source>Name, age and sex: compare with what is printed on the card.</source>
            <translation>Nome, idade e sexo: compare com o que está impresso no cartão.</translation>
        </message>
        <message>
            <source>male</source>
            <translation>masculino</translation>
        </message>
        <message>
            <source>female</source>
            <translation>feminino</translation>
        </message>
        <message>
            <source>sex not stated</source>
            <translation>sexo não informado</translation>
        </message>
        <message>
            <source>A staff member has been called. Please wait here.</source>
            <translation>Um funcionário foi chamado. Aguarde aqui.</translation>
        </message>
        <message>
            <source>Checking your health insurance…</source>
            <translation>Verificando o seu seguro de saúde…</translation>
        </message>
        <message>
            <source>Identity confirmed</source>
            <translation>Identidade confirmada</translation>
        </message>
        <message>
            <source>Your card is not yet registered as a health insurance card</source>
            <translation>O seu cartão ainda não está registrado como cartão do seguro</translation>
        </message>
        <message>
            <source>You can register it here, now. Afterwards the card works as your health insurance card at any clinic or pharmacy.</source>
            <translation>Você pode registrá-lo aqui, agora. Depois, o cartão vale como cartão do seguro em qualquer clínica ou farmácia.</translation>
        </message>
        <message>
            <source>By pressing Register you agree to the terms for using the My Number Card as a health insurance card, and your insurance can then be checked with this card. You can ask to cancel the registration later.</source>
            <translation>Ao tocar em Registrar, você aceita os termos de uso do cartão My Number como cartão do seguro, e o seu seguro passa a ser verificado com este cartão. Depois, você pode pedir o cancelamento do registro.</translation>
        </message>
        <message>
            <source>Registering your card…</source>
            <translation>Registrando…</translation>
        </message>
        <message>
            <source>① Your past treatment and medicines</source>
            <translation>① Tratamentos e remédios anteriores</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment and of the medicines you were prescribed? They are used only for your care. If you do not agree, you are still treated as usual.</source>
            <translation>Podemos passar aos médicos desta clínica os registros dos seus tratamentos e dos remédios receitados antes? Eles são usados só para o seu atendimento. Se não concordar, você é atendido normalmente.</translation>
        </message>
        <message>
            <source>② Your health check-up results</source>
            <translation>② Resultados de exames de saúde</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the results of your metabolic check-ups (ages 40–74) and check-ups for older people (75 and over)? They are used for your care and your health.</source>
            <translation>Podemos passar aos médicos desta clínica os resultados dos seus exames de síndrome metabólica (40 a 74 anos) e de idosos (75 anos ou mais)? Eles são usados para o seu atendimento e a sua saúde.</translation>
        </message>
        <message>
            <source>Your diagnoses</source>
            <translation>Diagnósticos</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the diagnoses made at other clinics? They are used only for your care.</source>
            <translation>Podemos passar aos médicos desta clínica os diagnósticos feitos em outras clínicas? Eles são usados só para o seu atendimento.</translation>
        </message>
        <message>
            <source>Your past operations</source>
            <translation>Cirurgias anteriores</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of operations you had at other hospitals? They are used only for your care.</source>
            <translation>Podemos passar aos médicos desta clínica os registros de cirurgias feitas em outros hospitais? Eles são usados só para o seu atendimento.</translation>
        </message>
        <message>
            <source>Sharing your medical information</source>
            <translation>Compartilhar suas informações médicas</translation>
        </message>
        <message>
            <source>May we give this clinic's doctors the records of your past treatment, medicines, health check-ups and operations? They are used only for your care. Your high-cost medical expense limit goes to the payment counter, so you pay no more than your limit.</source>
            <translation>Podemos passar aos médicos desta clínica os registros dos seus tratamentos, remédios, exames de saúde e cirurgias anteriores? Eles são usados só para o seu atendimento. O seu limite de despesas médicas altas vai para o caixa, e você não paga acima dele.</translation>
        </message>
        <message>
            <source>Saving your answers…</source>
            <translation>Salvando as suas respostas…</translation>
        </message>
        <message>
            <source>How do you want to receive your prescription?</source>
            <translation>Como deseja receber a sua receita?</translation>
        </message>
        <message>
            <source>With an electronic prescription the pharmacy receives it electronically; you do not carry paper. Either way you get the same medicine.</source>
            <translation>Com a receita eletrônica, a farmácia a recebe eletronicamente; você não leva papel. De qualquer forma, o remédio é o mesmo.</translation>
        </message>
        <message>
            <source>Electronic prescription</source>
            <translation>Receita eletrônica</translation>
        </message>
        <message>
            <source>Paper prescription</source>
            <translation>Receita em papel</translation>
        </message>
        <message>
            <source>Do you want to use your medical expense subsidy certificates?</source>
            <translation>Deseja usar os seus certificados de subsídio de despesas médicas?</translation>
        </message>
        <message>
            <source>For example a certificate for children's or single parents' medical expenses from your city. If you use one, the clinic receives it with your insurance.</source>
            <translation>Por exemplo, o certificado da sua cidade para despesas médicas de crianças ou de famílias monoparentais. Se usar, a clínica o recebe junto com o seu seguro.</translation>
        </message>
        <message>
            <source>Use</source>
            <translation>Usar</translation>
        </message>
        <message>
            <source>Do not use</source>
            <translation>Não usar</translation>
        </message>
        <message>
            <source>Do you want to provide your limit information?</source>
            <translation>Deseja fornecer a informação do seu limite?</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide before you take your card. Then you pay no more than your limit at the counter.</source>
            <translation>Se você usa o sistema de despesas médicas altas, toque em Fornecer antes de retirar o cartão. Assim, no caixa, você não paga acima do seu limite.</translation>
        </message>
        <message>
            <source>After you answer, please take your card.</source>
            <translation>Depois de responder, retire o seu cartão.</translation>
        </message>
        <message>
            <source>If you use the high-cost medical expense system, press Provide. Then you pay no more than your limit at the counter.</source>
            <translation>Se você usa o sistema de despesas médicas altas, toque em Fornecer. Assim, no caixa, você não paga acima do seu limite.</translation>
        </message>
        <message>
            <source>Please take your card from the card reader</source>
            <translation>Retire o seu cartão do leitor</translation>
        </message>
        <message>
            <source>Your reception is complete.</source>
            <translation>A sua recepção está concluída.</translation>
        </message>
        <message>
            <source>Your limit information was provided.</source>
            <translation>A informação do seu limite foi fornecida.</translation>
        </message>
        <message>
            <source>Some answers could not be sent. Please tell the reception desk.</source>
            <translation>Algumas respostas não foram enviadas. Avise a recepção.</translation>
        </message>
        <message>
            <source>Thank you</source>
            <translation>Obrigado</translation>
        </message>
        <message>
            <source>Please wait until you are called.</source>
            <translation>Aguarde até ser chamado.</translation>
        </message>
        <message>
            <source>Please go to the reception desk.</source>
            <translation>Dirija-se à recepção.</translation>
        </message>
        <message>
            <source>Don't forget your card!</source>
            <translation>Não esqueça o seu cartão!</translation>
        </message>
        <message>
            <source>The card was taken off the reader</source>
            <translation>O cartão foi retirado</translation>
        </message>
        <message>
            <source>The reception has stopped. To start again, place your card on the reader again.</source>
            <translation>A recepção foi interrompida. Para recomeçar, coloque o cartão no leitor de novo.</translation>
        </message>
        <message>
            <source>Do you want to stop the reception?</source>
            <translation>Deseja parar a recepção?</translation>
        </message>
        <message>
            <source>If you stop, you will need to start again from the beginning.</source>
            <translation>Se parar, será preciso começar de novo.</translation>
        </message>
        <message>
            <source>Your health insurance could not be confirmed</source>
            <translation>Não foi possível confirmar o seu seguro de saúde</translation>
        </message>
        <message>
            <source>Please take your card and go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>Retire o cartão e vá à recepção com o Certificado de Elegibilidade (資格確認書) ou o Aviso de Informações de Elegibilidade (資格情報のお知らせ).</translation>
        </message>
        <message>
            <source>Your card's electronic certificate cannot be used</source>
            <translation>O certificado eletrônico do seu cartão não pode ser usado</translation>
        </message>
        <message>
            <source>It has expired or was cancelled. Please take your card to the reception desk. Your city office can renew it.</source>
            <translation>Ele venceu ou foi cancelado. Retire o cartão e vá à recepção. A prefeitura da sua cidade pode renová-lo.</translation>
        </message>
        <message>
            <source>The insurance check cannot be done right now</source>
            <translation>Não é possível verificar o seguro agora</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please take your card and go to the reception desk.</source>
            <translation>A sua recepção foi salva e será verificada depois. Retire o cartão e vá à recepção.</translation>
        </message>
        <message>
            <source>This card cannot be read</source>
            <translation>Não foi possível ler este cartão</translation>
        </message>
        <message>
            <source>Please take the card and place it again, face up. If it still cannot be read, please go to the reception desk.</source>
            <translation>Retire o cartão e coloque-o de novo, com a frente para cima. Se ainda não funcionar, vá à recepção.</translation>
        </message>
        <message>
            <source>This is not a My Number Card</source>
            <translation>Este não é um cartão My Number</translation>
        </message>
        <message>
            <source>Please take this card and place your My Number Card instead. If you do not have one, please go to the reception desk.</source>
            <translation>Retire este cartão e coloque o seu cartão My Number. Se não tiver um, vá à recepção.</translation>
        </message>
        <message>
            <source>A Basic Resident Register Card cannot be used as a health insurance card</source>
            <translation>O cartão do Registro Básico de Residentes não serve como cartão do seguro</translation>
        </message>
        <message>
            <source>The reception has ended</source>
            <translation>A recepção foi encerrada</translation>
        </message>
        <message>
            <source>Please take your card. If you need help, please go to the reception desk.</source>
            <translation>Retire o seu cartão. Se precisar de ajuda, vá à recepção.</translation>
        </message>
        <message>
            <source>There was no answer for a while.</source>
            <translation>Ficou um tempo sem resposta.</translation>
        </message>
        <message>
            <source>You stopped the reception.</source>
            <translation>Você parou a recepção.</translation>
        </message>
        <message>
            <source>The staff member could not confirm that this is you.</source>
            <translation>O funcionário não conseguiu confirmar que é você.</translation>
        </message>
        <message>
            <source>Without registration, the card cannot be used as a health insurance card today.</source>
            <translation>Sem o registro, o cartão não pode ser usado como cartão do seguro hoje.</translation>
        </message>
        <message>
            <source>The card reader did not answer.</source>
            <translation>O leitor de cartão não respondeu.</translation>
        </message>
        <message>
            <source>The insurance check was refused.</source>
            <translation>A verificação do seguro foi recusada.</translation>
        </message>
        <message>
            <source>Do you want to continue?</source>
            <translation>Deseja continuar?</translation>
        </message>
        <message>
            <source>If there is no answer, the reception ends in {n} s.</source>
            <translation>Se não houver resposta, a recepção termina em {n} s.</translation>
        </message>
        <message>
            <source>Your face is not in view.</source>
            <translation>O seu rosto não aparece.</translation>
        </message>
        <message>
            <source>Only one person, please.</source>
            <translation>Uma pessoa por vez, por favor.</translation>
        </message>
        <message>
            <source>Come a little closer.</source>
            <translation>Chegue um pouco mais perto.</translation>
        </message>
        <message>
            <source>Move back a little.</source>
            <translation>Afaste-se um pouco.</translation>
        </message>
        <message>
            <source>It is too dark.</source>
            <translation>Está escuro demais.</translation>
        </message>
        <message>
            <source>There is too much light behind you.</source>
            <translation>Há luz demais atrás de você.</translation>
        </message>
        <message>
            <source>Look straight at the camera.</source>
            <translation>Olhe direto para a câmera.</translation>
        </message>
        <message>
            <source>Please take off your mask, or use your PIN.</source>
            <translation>Tire a máscara ou use a senha.</translation>
        </message>
        <message>
            <source>Please blink.</source>
            <translation>Pisque, por favor.</translation>
        </message>
        <message>
            <source>Turn your head a little to your left.</source>
            <translation>Vire a cabeça um pouco para a esquerda.</translation>
        </message>
        <message>
            <source>Turn your head a little to your right.</source>
            <translation>Vire a cabeça um pouco para a direita.</translation>
        </message>
        <message>
            <source>Hold still…</source>
            <translation>Fique parado…</translation>
        </message>
        <message>
            <source>You can stay seated. Raise your face a little towards the camera.</source>
            <translation>Pode continuar sentado. Levante um pouco o rosto e olhe para a câmera.</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Please tilt or move the card a little.</source>
            <translation>A luz está refletindo no cartão. Incline ou mova o cartão um pouco.</translation>
        </message>
        <message>
            <source>Take the card off the reader and hold its front up to the camera.</source>
            <translation>Tire o cartão do leitor e mostre a frente dele para a câmera.</translation>
        </message>
        <message>
            <source>Light is reflecting on the card. Keep the card on the reader and slide it a little.</source>
            <translation>A luz está refletindo no cartão. Mantenha o cartão no leitor e deslize-o um pouco.</translation>
        </message>
        <message>
            <source>Please place your card on the reader again</source>
            <translation>Coloque o cartão no leitor novamente</translation>
        </message>
        <message>
            <source>The front of the card has been read. Place the same card on the reader.</source>
            <translation>A frente do cartão foi lida. Coloque o mesmo cartão no leitor.</translation>
        </message>
        <message>
            <source>The front of the card could not be read. Place the same card on the reader.</source>
            <translation>Não foi possível ler a frente do cartão. Coloque o mesmo cartão no leitor.</translation>
        </message>
        <message>
            <source>{year}-{month:02d}-{day:02d}</source>
            <translation>{day:02d}/{month:02d}/{year}</translation>
        </message>
        <message>
            <source>Your card's certificate expires on {date}. Please renew it at your city office.</source>
            <translation>O certificado do cartão vence em {date}. Renove-o na prefeitura da sua cidade.</translation>
        </message>
        <message>
            <source>Your card's certificate expired on {date}. Until {until} it still works as your insurance card, but no medical or medication data can be shared. Renew it at your city office.</source>
            <translation>O certificado do cartão venceu em {date}. Até {until} ele vale como cartão do seguro, mas sem compartilhar dados médicos e de medicamentos. Renove-o na prefeitura.</translation>
        </message>
        <message>
            <source>This is not the card you showed</source>
            <translation>Este não é o cartão mostrado antes</translation>
        </message>
        <message>
            <source>The reception has stopped. A staff member has been called. Please take this card and wait.</source>
            <translation>A recepção foi interrompida. Um funcionário foi chamado. Retire este cartão e aguarde.</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used (it is locked, or the card was issued without a PIN). Today, please use face recognition or call a staff member.</source>
            <translation>A senha deste cartão não pode ser usada (está bloqueada ou o cartão foi emitido sem senha). Hoje, use o reconhecimento facial ou chame um funcionário.</translation>
        </message>
        <message>
            <source>The PIN of this card cannot be used either. Please press Call staff.</source>
            <translation>A senha deste cartão também não pode ser usada. Toque em «Chamar funcionário».</translation>
        </message>
        <message>
            <source>Face recognition cannot be used either. Please press Call staff.</source>
            <translation>O reconhecimento facial também não pode ser usado. Toque em «Chamar funcionário».</translation>
        </message>
        <message>
            <source>Checking the card…</source>
            <translation>Verificando o cartão…</translation>
        </message>
        <message>
            <source>Staff: enter number B from the card</source>
            <translation>Funcionário: número B do cartão</translation>
        </message>
        <message>
            <source>Type it as printed on the card front.</source>
            <translation>Digite como impresso na frente do cartão.</translation>
        </message>
        <message>
            <source>Enter birth date, expiry, code</source>
            <translation>Digitar nascimento, validade, código</translation>
        </message>
        <message>
            <source>Enter the 14 digits</source>
            <translation>Digitar os 14 dígitos</translation>
        </message>
        <message>
            <source>Western</source>
            <translation>Ocidental</translation>
        </message>
        <message>
            <source>Year {v}</source>
            <translation>Ano {v}</translation>
        </message>
        <message>
            <source>Month {v}</source>
            <translation>Mês {v}</translation>
        </message>
        <message>
            <source>Day {v}</source>
            <translation>Dia {v}</translation>
        </message>
        <message>
            <source>Valid until {v}</source>
            <translation>Válido até {v}</translation>
        </message>
        <message>
            <source>Security code {v}</source>
            <translation>Código de segurança {v}</translation>
        </message>
        <message>
            <source>Number B {v}</source>
            <translation>Número B {v}</translation>
        </message>
        <message>
            <source>Tries left on the card: {n}. This kiosk stops after {k} more.</source>
            <translation>Restam {n} tentativas no cartão; este terminal aceita mais {k}.</translation>
        </message>
        <message>
            <source>The card did not accept this number: one try was used. Check the card and enter it again.</source>
            <translation>O cartão não aceitou este número: uma tentativa foi usada. Confira o cartão e digite novamente.</translation>
        </message>
        <message>
            <source>This birth date is not possible. Not sent to the card: no try was used.</source>
            <translation>Esta data de nascimento não é possível. Não enviado ao cartão: nenhuma tentativa foi usada.</translation>
        </message>
        <message>
            <source>This expiry year is not possible. Not sent to the card: no try was used.</source>
            <translation>Este ano de validade não é possível. Não enviado ao cartão: nenhuma tentativa foi usada.</translation>
        </message>
        <message>
            <source>The security code is 4 digits. Not sent to the card: no try was used.</source>
            <translation>O código de segurança tem 4 dígitos. Não enviado ao cartão: nenhuma tentativa foi usada.</translation>
        </message>
        <message>
            <source>Visual check instead</source>
            <translation>Verificação visual</translation>
        </message>
        <message>
            <source>Enter number B</source>
            <translation>Digitar número B</translation>
        </message>
        <message>
            <source>Number B can no longer be entered for this card (its remaining tries are kept). Please check visually.</source>
            <translation>Não é mais possível digitar o número B para este cartão (as tentativas restantes são preservadas). Faça a verificação visual.</translation>
        </message>
        <message>
            <source>Use a smartphone</source>
            <translation>Usar o smartphone</translation>
        </message>
        <message>
            <source>Use my card instead</source>
            <translation>Usar o meu cartão</translation>
        </message>
        <message>
            <source>Which smartphone do you have?</source>
            <translation>Qual smartphone você usa?</translation>
        </message>
        <message>
            <source>For a smartphone with the My Number Card's certificate set up on it. On your first visit, please also bring your My Number Card.</source>
            <translation>Para um smartphone com o certificado do cartão My Number instalado. Na primeira consulta, traga também o seu cartão My Number.</translation>
        </message>
        <message>
            <source>Hold your smartphone over the reader</source>
            <translation>Aproxime o seu smartphone do leitor</translation>
        </message>
        <message>
            <source>Hold it still until the screen changes. This takes 1 to 2 seconds.</source>
            <translation>Mantenha-o parado até a tela mudar. Leva de 1 a 2 segundos.</translation>
        </message>
        <message>
            <source>This could not be read as a smartphone with the certificate. Please hold your smartphone, or use your card.</source>
            <translation>Não foi possível ler como um smartphone com o certificado. Aproxime o seu smartphone ou use o cartão.</translation>
        </message>
        <message>
            <source>The smartphone could not be read. Please hold it over the reader again.</source>
            <translation>Não foi possível ler o smartphone. Aproxime-o do leitor novamente.</translation>
        </message>
        <message>
            <source>Reading your smartphone… Keep holding it</source>
            <translation>Lendo o smartphone… Mantenha-o no leitor</translation>
        </message>
        <message>
            <source>Do not move your smartphone until the screen changes.</source>
            <translation>Não mova o smartphone até a tela mudar.</translation>
        </message>
        <message>
            <source>Your iPhone did not confirm that it is you</source>
            <translation>O iPhone não confirmou que é você</translation>
        </message>
        <message>
            <source>Face ID or Touch ID was cancelled or did not succeed. You can try again on your iPhone, use your card, or call a staff member.</source>
            <translation>O Face ID ou o Touch ID foi cancelado ou não deu certo. Você pode tentar de novo no iPhone, usar o cartão ou chamar um funcionário.</translation>
        </message>
        <message>
            <source>The PIN of your smartphone is locked</source>
            <translation>O PIN do seu smartphone está bloqueado</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone cannot be used now. Your card has its own PIN and still works: today, please use your My Number Card.</source>
            <translation>O PIN do certificado do smartphone não pode ser usado agora. O cartão tem o seu próprio PIN e continua funcionando: hoje, use o seu cartão My Number.</translation>
        </message>
        <message>
            <source>The certificate on your smartphone cannot be used</source>
            <translation>O certificado do seu smartphone não pode ser usado</translation>
        </message>
        <message>
            <source>It has expired. A smartphone's certificate cannot be used after its expiry date, and it is renewed on its own, apart from the card. Today, please use your My Number Card.</source>
            <translation>Ele venceu. O certificado do smartphone não pode ser usado após o vencimento e é renovado separadamente do cartão. Hoje, use o seu cartão My Number.</translation>
        </message>
        <message>
            <source>It was cancelled. Please set up the certificate on your smartphone again. Today, please use your My Number Card.</source>
            <translation>Ele foi cancelado. Instale o certificado no smartphone novamente. Hoje, use o seu cartão My Number.</translation>
        </message>
        <message>
            <source>Your My Number Card is not yet registered as a health insurance card. You can register it here with the card: place the card on the card reader.</source>
            <translation>O seu cartão My Number ainda não está registrado como cartão do seguro de saúde. Você pode registrá-lo aqui com o cartão: coloque-o no leitor de cartão.</translation>
        </message>
        <message>
            <source>The smartphone reader is not working. Please use your My Number Card.</source>
            <translation>O leitor de smartphone não está funcionando. Use o seu cartão My Number.</translation>
        </message>
        <message>
            <source>Please take your smartphone</source>
            <translation>Pegue o seu smartphone</translation>
        </message>
        <message>
            <source>Please take your smartphone from the reader.</source>
            <translation>Retire o seu smartphone do leitor.</translation>
        </message>
        <message>
            <source>Don't forget your smartphone!</source>
            <translation>Não esqueça o seu smartphone!</translation>
        </message>
        <message>
            <source>If you need help, please go to the reception desk.</source>
            <translation>Se precisar de ajuda, vá à recepção.</translation>
        </message>
        <message>
            <source>Please go to the reception desk with your Certificate of Eligibility or your Eligibility Information Notice.</source>
            <translation>Vá à recepção com o seu Certificado de Elegibilidade ou o Aviso de Informações de Elegibilidade.</translation>
        </message>
        <message>
            <source>Your reception is saved and will be checked later. Please go to the reception desk.</source>
            <translation>A sua recepção foi salva e será verificada depois. Vá à recepção.</translation>
        </message>
        <message>
            <source>This reception uses your smartphone. Please take your card off the card reader.</source>
            <translation>Esta recepção usa o seu smartphone. Retire o cartão do leitor de cartão.</translation>
        </message>
        <message>
            <source>This reception uses your card. Please take your smartphone away from the reader.</source>
            <translation>Esta recepção usa o seu cartão. Afaste o smartphone do leitor.</translation>
        </message>
        <message>
            <source>The smartphone moved away during the check. Please enter the PIN again.</source>
            <translation>O smartphone se afastou durante a verificação. Digite o PIN novamente.</translation>
        </message>
        <message>
            <source>Your smartphone is an Android: please enter its PIN.</source>
            <translation>O seu smartphone é Android: digite o PIN dele.</translation>
        </message>
        <message>
            <source>The PIN of the certificate on your smartphone, not your card's PIN.</source>
            <translation>O PIN do certificado do smartphone, não o do cartão.</translation>
        </message>
        <message>
            <source>If it is wrong once more, it will be locked.</source>
            <translation>Se errar mais uma vez, ele será bloqueado.</translation>
        </message>
        <message>
            <source>Confirm on your iPhone, then hold it over the reader</source>
            <translation>Confirme no iPhone e aproxime-o do leitor</translation>
        </message>
        <message>
            <source>The smartphone moved away. Nothing is lost: please hold it again.</source>
            <translation>O smartphone se afastou. Nada foi perdido: aproxime-o novamente.</translation>
        </message>
        <message>
            <source>Use Face ID or Touch ID on your iPhone. Then hold it still until the screen changes (1 to 2 seconds).</source>
            <translation>Use o Face ID ou o Touch ID no iPhone. Depois, mantenha-o parado até a tela mudar (1 a 2 segundos).</translation>
        </message>
        <message>
            <source>Smartphone PIN (4 digits)</source>
            <translation>PIN do celular (4 dígitos)</translation>
        </message>
        <message>
            <source>This is a smartphone</source>
            <translation>Isto é um smartphone</translation>
        </message>
        <message>
            <source>Please take it off the card reader. To use a smartphone, tap Use a smartphone on the first screen and follow the steps. If the first screen has no such button, please use your My Number Card.</source>
            <translation>Retire-o do leitor de cartão. Para usar um smartphone, toque em Usar o smartphone na primeira tela e siga as instruções. Se a primeira tela não tiver esse botão, use o seu cartão My Number.</translation>
        </message>
        <message>
            <source>Listen again</source>
            <translation>Ouvir de novo</translation>
        </message>
        <message>
            <source>{n} digits entered.</source>
            <translation>{n} dígitos digitados.</translation>
        </message>
        <message>
            <source>Press the Enter key.</source>
            <translation>Pressione a tecla Enter.</translation>
        </message>
        <message>
            <source>The voice comes from the headphones.</source>
            <translation>A voz sai pelos fones de ouvido.</translation>
        </message>
    </context>
</TS>
